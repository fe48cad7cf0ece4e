/// How a shadow version's outputs for one request compared with the outputs returned (which the stable
/// version computed). The shadow's outputs themselves are never returned.
public struct ShadowComparison: Sendable, Equatable {
    /// The shadow's version.
    public var version: Int
    /// Whether every categorical output (labels: strings, integers, booleans, maps) is equal; nil when the
    /// model has none.
    public var agrees: Bool?
    /// The largest absolute difference over the floating-point outputs (scores, probabilities); nil when the
    /// model has none.
    public var maxAbsoluteDifference: Double?
    /// Microseconds the shadow's model call took.
    public var latencyMicros: UInt64

    /// Creates a comparison.
    public init(version: Int, agrees: Bool?, maxAbsoluteDifference: Double?, latencyMicros: UInt64) {
        self.version = version
        self.agrees = agrees
        self.maxAbsoluteDifference = maxAbsoluteDifference
        self.latencyMicros = latencyMicros
    }
}
