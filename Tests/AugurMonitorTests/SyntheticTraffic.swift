import AugurModels
import Foundation

@testable import AugurMonitor

/// A deterministic generator (the models library's SplitMix64) with normal draws (Box-Muller), so every run
/// sees the same traffic.
struct SeededGenerator: RandomNumberGenerator {
    private var bits: SplitMix64

    init(seed: UInt64) { bits = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { bits.next() }

    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func normal(mean: Double = 0, std: Double = 1) -> Double {
        let u1 = Swift.max(uniform(), 1e-300)
        let u2 = uniform()
        return mean + std * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// Synthetic traffic for a model with four features `X[0…3]` (normal, with the means and deviations below),
/// a score output `probabilities[1]` and a label output `label` (classes a, b, c by thresholds on the score).
struct SyntheticModel {
    static let means = [0.0, 5.0, -2.0, 10.0]
    static let stds = [1.0, 2.0, 0.5, 3.0]
    /// Class thresholds on the score: below the first "a", below the second "b", else "c".
    var thresholds = (0.4, 0.7)

    func row(_ rng: inout SeededGenerator, shiftFeature: Int? = nil) -> [Double] {
        (0..<4).map { i in
            let mean = Self.means[i] + (i == shiftFeature ? Self.stds[i] : 0)
            return rng.normal(mean: mean, std: Self.stds[i])
        }
    }

    func score(_ row: [Double]) -> Double {
        let z = (row[0] - Self.means[0]) / Self.stds[0] + 0.5 * (row[2] - Self.means[2]) / Self.stds[2]
        return 1 / (1 + exp(-z))
    }

    func label(_ score: Double) -> String {
        score < thresholds.0 ? "a" : score < thresholds.1 ? "b" : "c"
    }

    func record(model: String = "m", version: Int, row: [Double], timeMicros: UInt64) -> MonitoredRecord {
        let s = score(row)
        var numeric: [MonitoredColumn: [Double]] = [:]
        for (i, x) in row.enumerated() { numeric[.feature("X", i)] = [x] }
        numeric[.output("probabilities", 1)] = [s]
        return MonitoredRecord(
            model: model,
            version: version,
            outcome: "ok",
            timeMicros: timeMicros,
            numeric: numeric,
            labels: [.output("label"): [label(s)]]
        )
    }

    /// Reference statistics of `rows` reference rows, as `augur model publish --reference` would publish them.
    func reference(rows: Int, seed: UInt64) -> ReferenceStatistics {
        var rng = SeededGenerator(seed: seed)
        let sample = (0..<rows).map { _ in row(&rng) }
        let features = (0..<4).map { i in
            FeatureStatistics(input: "X", index: i, summary: NumericSummary(of: sample.map { $0[i] }))
        }
        let scores = sample.map(score)
        var counts: [String: Int] = [:]
        for s in scores { counts[label(s), default: 0] += 1 }
        let outputs = [
            OutputStatistics(output: "probabilities", index: 1, summary: NumericSummary(of: scores)),
            OutputStatistics(output: "label", classShares: counts.mapValues { Double($0) / Double(rows) }),
        ]
        return ReferenceStatistics(rows: rows, computed: Date(timeIntervalSince1970: 0), features: features, outputs: outputs)
    }
}
