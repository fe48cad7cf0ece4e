import AugurModels
import Testing

@testable import AugurMonitor

@Suite("column drift against a reference")
struct DriftEvaluatorTests {
    let thresholds = DriftThresholds()

    func published(_ values: [Double]) -> NumericReference {
        NumericReference(summary: NumericSummary(of: values))
    }

    @Test("a score concentrated at a few points is not drifted against its own published histogram")
    func pointMassesAgainstHistogram() {
        let reference = (0..<150).map { [0.02, 0.5, 0.97][$0 % 3] }
        var rng = SeededGenerator(seed: 21)
        let live = (0..<300).map { i in [0.02, 0.5, 0.97][i % 3] + rng.normal(std: 0.002) }
        let drift = DriftEvaluator.evaluate(
            column: .output("probabilities", 0),
            values: live,
            against: published(reference),
            alpha: thresholds.alpha
        )
        #expect(drift.breach(thresholds) == nil)
        #expect(drift.isClear(thresholds))
    }

    @Test("values outside the reference range make an out-of-range breach")
    func outOfRange() {
        let reference = (0..<1_000).map { Double($0) / 999 }
        let live = (0..<1_000).map { $0 % 10 == 0 ? 1.5 : Double($0) / 999 }
        let drift = DriftEvaluator.evaluate(
            column: .feature("X", 0),
            values: live,
            against: published(reference),
            alpha: thresholds.alpha
        )
        #expect(drift.outOfRangeShare == 0.1)
        #expect(drift.breach(thresholds)?.statistic == "out_of_range")
    }

    @Test("a rise in missing values makes a missing breach")
    func missingValues() {
        let reference = (0..<1_000).map { Double($0) / 999 }
        let live = (0..<1_000).map { $0 % 5 == 0 ? .nan : Double($0) / 999 }
        let drift = DriftEvaluator.evaluate(
            column: .feature("X", 0),
            values: live,
            against: published(reference),
            alpha: thresholds.alpha
        )
        #expect(drift.missingShare == 0.2)
        #expect(drift.referenceMissingShare == 0)
        #expect(drift.breach(thresholds)?.statistic == "missing")
    }

    @Test("a class the reference never saw raises chi-squared and PSI against published shares")
    func unseenClass() {
        let reference = CategoricalReference(shares: ["a": 0.5, "b": 0.5])
        let drift = DriftEvaluator.evaluate(
            column: .output("label"),
            counts: ["a": 200, "b": 200, "z": 100],
            against: reference,
            alpha: thresholds.alpha
        )
        #expect(drift.psi > 0.25)
        #expect((drift.chiSquaredPValue ?? 1) < 1e-10)
        #expect(drift.breach(thresholds)?.statistic == "psi")
    }

    @Test("decile bins of a live sample hold a tenth of it each")
    func liveDeciles() {
        let reference = NumericReference(sample: (0..<1_000).map(Double.init))
        #expect(reference.cuts.count == 9)
        #expect(reference.shares.allSatisfy { abs($0 - 0.1) < 1e-12 })
        #expect(reference.bin(of: -5) == 0)
        #expect(reference.bin(of: 5_000) == 9)
    }
}
