import AugurRedisClient
import NIOCore

/// What one inference log record says about shadow scoring: the shadow version, whether its answer agreed
/// with the served one (classifiers), and the absolute difference of the scores.
public struct ShadowObservation: Sendable, Equatable {
    /// The shadow version that also scored the request.
    public var version: Int?
    /// Whether the shadow's prediction agreed with the served one; nil when the record does not say.
    public var agrees: Bool?
    /// The absolute difference between the shadow's and the served score; nil when the record does not say.
    public var absoluteDifference: Double?
    /// How long the shadow's model call took, in microseconds.
    public var latencyMicros: UInt64?
    /// How long the served version's model call took, in microseconds.
    public var servedLatencyMicros: UInt64?

    /// Creates an observation.
    public init(
        version: Int?,
        agrees: Bool?,
        absoluteDifference: Double?,
        latencyMicros: UInt64? = nil,
        servedLatencyMicros: UInt64? = nil
    ) {
        self.version = version
        self.agrees = agrees
        self.absoluteDifference = absoluteDifference
        self.latencyMicros = latencyMicros
        self.servedLatencyMicros = servedLatencyMicros
    }

    /// The observation in a log entry's `shadow_version`, `shadow_agree` (0/1), `shadow_abs_diff` and
    /// `shadow_latency_us` fields (a difference that is not finite, from outputs of different shapes, is
    /// left out); nil when the entry carries none of them (the request was not shadowed).
    public init?(_ message: StreamMessage) {
        func text(_ name: String) -> String? {
            message[name].map { String(decoding: $0.readableBytesView, as: UTF8.self) }
        }
        let version = text("shadow_version")
        let agree = text("shadow_agree")
        let difference = text("shadow_abs_diff")
        guard version != nil || agree != nil || difference != nil else { return nil }
        self.version = version.flatMap { Int($0) }
        self.agrees = agree.flatMap { value in
            switch value {
            case "1", "true": true
            case "0", "false": false
            default: nil
            }
        }
        self.absoluteDifference = difference.flatMap { Double($0) }.flatMap { $0.isFinite ? abs($0) : nil }
        self.latencyMicros = text("shadow_latency_us").flatMap { UInt64($0) }
        if let start = text("model_start_us").flatMap({ UInt64($0) }), let end = text("model_end_us").flatMap({ UInt64($0) }),
            end >= start
        {
            self.servedLatencyMicros = end - start
        }
    }
}

/// Shadow scoring over one window: how often the shadow agreed, and how far its scores were.
public struct ShadowTally: Sendable, Equatable {
    /// Shadow versions seen, ascending.
    public private(set) var versions: [Int] = []
    /// Records that were shadowed.
    public private(set) var shadowed = 0
    /// Records that said whether the shadow agreed.
    public private(set) var judged = 0
    /// Of those, the ones where it agreed.
    public private(set) var agreed = 0
    /// Absolute score differences, in arrival order.
    public private(set) var differences: [Double] = []
    /// Shadow model call times (µs), in arrival order.
    public private(set) var shadowLatencies: [UInt64] = []
    /// Served model call times (µs) of the shadowed records, in arrival order.
    public private(set) var servedLatencies: [UInt64] = []

    /// An empty tally.
    public init() {}

    /// Adds one shadowed record.
    public mutating func add(_ observation: ShadowObservation) {
        shadowed += 1
        if let version = observation.version, !versions.contains(version) {
            versions.append(version)
            versions.sort()
        }
        if let agrees = observation.agrees {
            judged += 1
            if agrees { agreed += 1 }
        }
        if let difference = observation.absoluteDifference { differences.append(difference) }
        if let latency = observation.latencyMicros { shadowLatencies.append(latency) }
        if let latency = observation.servedLatencyMicros { servedLatencies.append(latency) }
    }

    /// Share of judged records where the shadow agreed; nil when none said.
    public var agreementRate: Double? { judged > 0 ? Double(agreed) / Double(judged) : nil }

    /// Mean absolute score difference; nil without differences.
    public var meanDifference: Double? {
        differences.isEmpty ? nil : differences.reduce(0, +) / Double(differences.count)
    }

    /// 99th percentile of the absolute score differences (nearest rank); nil without differences.
    public var p99Difference: Double? { Self.percentile(0.99, of: differences) }

    /// Median shadow model call time in milliseconds; nil when no record said.
    public var shadowLatencyMillis: Double? { Self.percentile(0.5, of: shadowLatencies.map { Double($0) / 1000 }) }

    /// Median served model call time of the shadowed records, in milliseconds.
    public var servedLatencyMillis: Double? { Self.percentile(0.5, of: servedLatencies.map { Double($0) / 1000 }) }

    /// Nearest-rank percentile.
    static func percentile(_ level: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((level * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(sorted.count, Swift.max(1, rank)) - 1]
    }
}
