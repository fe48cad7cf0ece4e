import AugurRuntime
import Foundation

/// Computes `ReferenceStatistics` from a batch of feature rows and the model's outputs on that batch.
public enum ReferenceStatisticsBuilder {
    /// Summarises `inputs` (each a batch with rows along the first dimension) and `outputs` (the model's
    /// results on them, in model order). String inputs are skipped; label outputs get class shares.
    public static func build(
        inputs: [(name: String, value: Value)], outputs: [(name: String, value: Value)], computed: Date
    ) throws -> ReferenceStatistics {
        var rows: Int?
        var features: [FeatureStatistics] = []
        for (name, value) in inputs {
            let tensor = try value.asTensor()
            let n = tensor.shape.first ?? 1
            if let rows, rows != n {
                throw ModelRepositoryError.invalidReferenceSample(
                    "input '\(name)' has \(n) rows but an earlier input has \(rows)")
            }
            rows = n
            guard tensor.dataType != .string else { continue }
            let values = try tensor.doubleValues()
            for (index, column) in columns(values, rows: n).enumerated() {
                features.append(FeatureStatistics(input: name, index: index, summary: NumericSummary(of: column)))
            }
        }
        guard let rows, rows > 0 else {
            throw ModelRepositoryError.invalidReferenceSample("the sample has no rows")
        }
        var outputStats: [OutputStatistics] = []
        for (name, value) in outputs {
            outputStats += try summarize(output: name, value: value)
        }
        return ReferenceStatistics(rows: rows, computed: computed, features: features, outputs: outputStats)
    }

    private static func summarize(output name: String, value: Value) throws -> [OutputStatistics] {
        switch value {
        case .tensor(let t) where t.dataType.isFloatingPoint:
            let n = t.shape.first ?? 1
            return columns(try t.doubleValues(), rows: n).enumerated().map { index, column in
                OutputStatistics(output: name, index: index, summary: NumericSummary(of: column))
            }
        case .tensor(let t):
            let labels: [String]
            switch t.storage {
            case .string(let s): labels = s
            case .bool(let b): labels = b.map { $0 ? "true" : "false" }
            default: labels = try t.integerValues().map(String.init)
            }
            return [OutputStatistics(output: name, classShares: shares(labels))]
        case .mapSequence(let m):
            let width = m.keys.count
            guard width > 0 else { return [] }
            return (0..<width).map { k in
                let column = stride(from: k, to: m.values.count, by: width).map { Double(m.values[$0]) }
                return OutputStatistics(output: name, index: k, summary: NumericSummary(of: column))
            }
        case .map, .sequence:
            return []
        }
    }

    private static func columns(_ values: [Double], rows: Int) -> [[Double]] {
        guard rows > 0, !values.isEmpty else { return [] }
        let width = values.count / rows
        return (0..<width).map { c in stride(from: c, to: values.count, by: width).map { values[$0] } }
    }

    private static func shares(_ labels: [String]) -> [String: Double] {
        guard !labels.isEmpty else { return [:] }
        var counts: [String: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        return counts.mapValues { Double($0) / Double(labels.count) }
    }
}
