/// Exponential backoff with jitter for reconnect attempts.
///
/// The delay before attempt `n` (0-based, counting failures since the last good connection) is
/// `min(maxDelay, minDelay * 2^n)`, shortened by a random fraction of up to `jitter` of itself, so a fleet
/// of clients that lost the same server do not reconnect in lockstep.
public struct ReconnectBackoff: Sendable, Hashable {
    /// Delay before the first reconnect attempt; default 100 ms.
    public var minDelay: Duration
    /// Longest delay between attempts; default 5 s.
    public var maxDelay: Duration
    /// Largest fraction (0…1) by which a delay is randomly shortened; default 0.5.
    public var jitter: Double

    /// Creates a backoff; every parameter has the documented default.
    public init(minDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5), jitter: Double = 0.5) {
        self.minDelay = minDelay
        self.maxDelay = max(minDelay, maxDelay)
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before reconnect attempt `attempt`, using `generator` for the jitter.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        var base = minDelay
        var step = 0
        while step < attempt && base < maxDelay {
            base *= 2
            step += 1
        }
        base = min(base, maxDelay)
        guard jitter > 0 else { return base }
        let shortening = Double.random(in: 0...jitter, using: &generator)
        return base * (1 - shortening)
    }

    /// The delay before reconnect attempt `attempt`, with system randomness for the jitter.
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }
}
