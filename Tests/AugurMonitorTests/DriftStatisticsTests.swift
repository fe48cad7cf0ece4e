import Testing

@testable import AugurMonitor

@Suite("drift statistics against hand-computed values")
struct DriftStatisticsTests {
    @Test("PSI of two bins: (0.25−0.5)·ln(0.5) + (0.75−0.5)·ln(1.5)")
    func psiTwoBins() {
        let psi = DriftStatistics.psi(expected: [0.5, 0.5], actual: [0.25, 0.75])
        #expect(abs(psi - 0.274653072167027) < 1e-12)
    }

    @Test("PSI of three bins from counts equals PSI of their shares")
    func psiFromCounts() {
        let psi = DriftStatistics.psi(expectedCounts: [20, 30, 50], actualCounts: [10, 40, 50])
        #expect(abs(psi - 0.098082925301173) < 1e-12)
    }

    @Test("PSI of identical distributions is zero")
    func psiIdentical() {
        #expect(DriftStatistics.psi(expected: [0.1, 0.2, 0.7], actual: [0.1, 0.2, 0.7]) == 0)
    }

    @Test("PSI with an empty bin stays finite")
    func psiEmptyBin() {
        let psi = DriftStatistics.psi(expected: [0.5, 0.5, 0], actual: [0.4, 0.4, 0.2])
        #expect(psi.isFinite)
        #expect(psi > 1)
    }

    @Test("two-sample KS of overlapping samples: D = 0.5")
    func ksOverlapping() {
        #expect(DriftStatistics.ksStatistic(sorted: [1, 2, 3, 4], sorted: [3, 4, 5, 6]) == 0.5)
    }

    @Test("two-sample KS steps over ties on both sides: D = 0.25")
    func ksTies() {
        #expect(DriftStatistics.ksStatistic(sorted: [1, 2, 2, 3], sorted: [2, 2, 2, 5]) == 0.25)
    }

    @Test("two-sample KS of disjoint samples is 1")
    func ksDisjoint() {
        #expect(DriftStatistics.ksStatistic(sorted: [1, 2, 3], sorted: [4, 5, 6]) == 1)
    }

    @Test("one-sample KS against the uniform CDF: D = 0.9 − 2/3")
    func ksOneSample() {
        let d = DriftStatistics.ksStatistic(sorted: [0.1, 0.5, 0.9]) { min(max($0, 0), 1) }
        #expect(abs(d - (0.9 - 2.0 / 3.0)) < 1e-12)
    }

    @Test("binned KS at histogram edges: shares below 2.5 and 3.5 are 0.5 and 0.75 against 0.25 and 1")
    func ksBinned() {
        let d = DriftStatistics.ksStatistic(sorted: [1, 2, 3, 4], cdfPoints: [(2.5, 0.25), (3.5, 1.0), (0.5, 0)])
        #expect(d == 0.25)
    }

    @Test("Kolmogorov survival: Q(1.3581) ≈ 0.05 and Q(1) ≈ 0.27")
    func kolmogorovSurvival() {
        #expect(abs(DriftStatistics.kolmogorovSurvival(1.3581) - 0.0499996304316674) < 1e-9)
        #expect(abs(DriftStatistics.kolmogorovSurvival(1.0) - 0.26999967167735456) < 1e-9)
    }

    @Test("chi-squared goodness of fit: 30/50/20 against thirds gives 14 with 2 degrees of freedom, p = e^−7")
    func chiSquaredGoodnessOfFit() {
        let test = DriftStatistics.chiSquared(observed: [30, 50, 20], expectedShares: [1.0 / 3, 1.0 / 3, 1.0 / 3])
        #expect(abs(test.statistic - 14) < 1e-9)
        #expect(test.degreesOfFreedom == 2)
        let p = DriftStatistics.chiSquaredPValue(statistic: test.statistic, degreesOfFreedom: 2)
        #expect(abs(p - 0.0009118819655545164) < 1e-12)
    }

    @Test("chi-squared homogeneity of 10/20 and 20/10: 20/3 with 1 degree of freedom, p ≈ 0.00982")
    func chiSquaredHomogeneity() {
        let test = DriftStatistics.chiSquared(first: [10, 20, 0], second: [20, 10, 0])
        #expect(abs(test.statistic - 20.0 / 3) < 1e-12)
        #expect(test.degreesOfFreedom == 1)
        let p = DriftStatistics.chiSquaredPValue(statistic: test.statistic, degreesOfFreedom: 1)
        #expect(abs(p - 0.009823274507519235) < 1e-10)
    }

    @Test("chi-squared p-value with 5 degrees of freedom uses the continued fraction branch correctly")
    func chiSquaredPValueLargeStatistic() {
        let p = DriftStatistics.chiSquaredPValue(statistic: 20, degreesOfFreedom: 5)
        #expect(abs(p - 0.0012497305630313773) < 1e-12)
    }

    @Test("critical values: chi-squared 3.8415 at 0.05 with 1 df, 18.4207 at 1e-4 with 2 df")
    func criticalValues() throws {
        let c1 = try #require(DriftEvaluator.chiSquaredCritical(alpha: 0.05, degreesOfFreedom: 1))
        #expect(abs(c1 - 3.8414588206941285) < 1e-6)
        let c2 = try #require(DriftEvaluator.chiSquaredCritical(alpha: 1e-4, degreesOfFreedom: 2))
        #expect(abs(c2 - 18.420680743952364) < 1e-6)
    }

    @Test("the KS critical value has p-value alpha")
    func ksCriticalMatchesPValue() throws {
        let d = try #require(DriftEvaluator.ksCritical(alpha: 1e-3, n: 500, m: 2000))
        #expect(abs(DriftStatistics.ksPValue(d: d, n: 500, m: 2000) - 1e-3) < 1e-8)
    }
}
