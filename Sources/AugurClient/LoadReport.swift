/// What a load run measured, after the warm-up. Latency is client-side: from the time a request was
/// scheduled (open loop) or sent (closed loop) to its result arriving.
public struct LoadReport: Sendable, Equatable {
    /// Requests sent.
    public var sent: Int
    /// Results received for them (successes and error results).
    public var answered: Int
    /// Error results plus requests that got no result (timeouts, broker failures).
    public var errors: Int
    /// Requests among `errors` that got no result at all.
    public var unanswered: Int
    /// Results received more than once or after their timeout (dropped by the client).
    public var duplicates: Int
    /// Seconds from the end of the warm-up to the last result.
    public var seconds: Double
    /// Results per second over `seconds`.
    public var throughput: Double
    /// Median latency, in milliseconds.
    public var p50Milliseconds: Double
    /// 90th percentile latency, in milliseconds.
    public var p90Milliseconds: Double
    /// 99th percentile latency, in milliseconds.
    public var p99Milliseconds: Double
    /// Highest latency, in milliseconds.
    public var maxMilliseconds: Double
    /// Why the first request without a result got none, if any did.
    public var firstFailure: AugurClientError?

    /// Creates a report.
    public init(
        sent: Int,
        answered: Int,
        errors: Int,
        unanswered: Int,
        duplicates: Int,
        seconds: Double,
        throughput: Double,
        p50Milliseconds: Double,
        p90Milliseconds: Double,
        p99Milliseconds: Double,
        maxMilliseconds: Double,
        firstFailure: AugurClientError? = nil
    ) {
        self.sent = sent
        self.answered = answered
        self.errors = errors
        self.unanswered = unanswered
        self.duplicates = duplicates
        self.seconds = seconds
        self.throughput = throughput
        self.p50Milliseconds = p50Milliseconds
        self.p90Milliseconds = p90Milliseconds
        self.p99Milliseconds = p99Milliseconds
        self.maxMilliseconds = maxMilliseconds
        self.firstFailure = firstFailure
    }

    /// The report as one line of JSON, the format benchmark scripts read.
    public var json: String {
        "{\"sent\":\(sent),\"answered\":\(answered),\"errors\":\(errors),\"duplicates\":\(duplicates),"
            + "\"seconds\":\(Self.decimalText(seconds, places: 3)),\"throughput\":\(Self.decimalText(throughput, places: 1)),"
            + "\"p50_ms\":\(Self.decimalText(p50Milliseconds, places: 3)),\"p90_ms\":\(Self.decimalText(p90Milliseconds, places: 3)),"
            + "\"p99_ms\":\(Self.decimalText(p99Milliseconds, places: 3)),\"max_ms\":\(Self.decimalText(maxMilliseconds, places: 3))}"
    }

    /// `value` with at most `places` decimals, as a plain JSON number.
    public static func decimalText(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard abs(scaled) < 9e15 else { return String(Int64(value.rounded())) }
        let whole = Int64(scaled)
        let sign = whole < 0 ? "-" : ""
        let magnitude = whole.magnitude
        let integral = magnitude / UInt64(scale)
        let fraction = magnitude % UInt64(scale)
        if places == 0 || fraction == 0 { return sign + String(integral) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: places - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return sign + String(integral) + "." + digits
    }
}
