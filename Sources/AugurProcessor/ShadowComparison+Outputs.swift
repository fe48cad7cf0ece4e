import AugurRuntime
import AugurTelemetry

extension ShadowComparison {
    /// Compares the outputs both versions produced under the same names.
    static func compare(returned: [String: Value], shadow: [String: Value], version: Int, latencyMicros: UInt64) -> ShadowComparison {
        var agrees: Bool?
        var difference: Double?
        for (name, value) in returned {
            guard let other = shadow[name] else { continue }
            if let gap = floatDifference(value, other) {
                difference = max(difference ?? 0, gap)
            } else {
                agrees = (agrees ?? true) && value == other
            }
        }
        return ShadowComparison(version: version, agrees: agrees, maxAbsoluteDifference: difference, latencyMicros: latencyMicros)
    }

    /// The largest absolute elementwise difference of two floating-point tensors (infinity when their
    /// shapes differ); nil when the values are not both floating-point tensors.
    private static func floatDifference(_ a: Value, _ b: Value) -> Double? {
        guard case .tensor(let x) = a, case .tensor(let y) = b else { return nil }
        let left: [Double]
        let right: [Double]
        switch (x.storage, y.storage) {
        case (.float(let p), .float(let q)): (left, right) = (p.map(Double.init), q.map(Double.init))
        case (.double(let p), .double(let q)): (left, right) = (p, q)
        default: return nil
        }
        guard x.shape == y.shape, left.count == right.count else { return .infinity }
        return zip(left, right).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}
