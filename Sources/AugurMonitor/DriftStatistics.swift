import Foundation

/// The drift statistics the monitor computes: population stability index, two-sample Kolmogorov-Smirnov
/// and chi-squared, each a pure function of counts or samples.
public enum DriftStatistics {
    /// Shares below this are raised to it before taking logarithms, so that an empty bin on either side
    /// gives a large but finite PSI term instead of infinity.
    public static let psiFloor = 1e-4

    /// Population stability index: Σ (actual − expected) · ln(actual / expected) over bins, where both are
    /// shares summing to 1 (each floored at `psiFloor`). 0 for identical distributions; 0.1 is a moderate
    /// shift and 0.25 a large one by the usual rule of thumb.
    public static func psi(expected: [Double], actual: [Double]) -> Double {
        precondition(expected.count == actual.count, "PSI needs the same bins on both sides")
        var total = 0.0
        for (e, a) in zip(expected, actual) {
            let e = Swift.max(e, psiFloor)
            let a = Swift.max(a, psiFloor)
            total += (a - e) * Foundation.log(a / e)
        }
        return total
    }

    /// PSI between two count vectors over the same bins (each turned into shares first).
    public static func psi(expectedCounts: [Int], actualCounts: [Int]) -> Double {
        psi(expected: shares(expectedCounts), actual: shares(actualCounts))
    }

    /// Counts as shares of their total (all zeros when the total is zero).
    public static func shares(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        return counts.map { Double($0) / Double(total) }
    }

    /// The two-sample Kolmogorov-Smirnov statistic D = sup |F₁(x) − F₂(x)| of two samples sorted ascending
    /// (NaN-free). 0 when either sample is empty.
    public static func ksStatistic(sorted first: [Double], sorted second: [Double]) -> Double {
        guard !first.isEmpty, !second.isEmpty else { return 0 }
        let n = Double(first.count)
        let m = Double(second.count)
        var i = 0
        var j = 0
        var d = 0.0
        while i < first.count, j < second.count {
            // Step past every copy of the smaller value on both sides so ties never open a false gap.
            let x = Swift.min(first[i], second[j])
            while i < first.count, first[i] == x { i += 1 }
            while j < second.count, second[j] == x { j += 1 }
            d = Swift.max(d, abs(Double(i) / n - Double(j) / m))
        }
        return d
    }

    /// The one-sample Kolmogorov-Smirnov statistic of a sorted, NaN-free sample against a continuous CDF.
    public static func ksStatistic(sorted sample: [Double], cdf: (Double) -> Double) -> Double {
        let n = Double(sample.count)
        var d = 0.0
        for (k, x) in sample.enumerated() {
            let f = cdf(x)
            d = Swift.max(d, Double(k + 1) / n - f, f - Double(k) / n)
        }
        return d
    }

    /// A binned KS statistic: the largest |F(x) − share of `sample` below x| over reference CDF points
    /// (x, F(x)), for a reference known only through its histogram. `sample` is sorted and NaN-free.
    public static func ksStatistic(sorted sample: [Double], cdfPoints: [(x: Double, cdf: Double)]) -> Double {
        guard !sample.isEmpty else { return 0 }
        var d = 0.0
        for point in cdfPoints {
            var low = 0
            var high = sample.count
            while low < high {  // the number of sample values below point.x
                let middle = (low + high) / 2
                if sample[middle] < point.x { low = middle + 1 } else { high = middle }
            }
            d = Swift.max(d, abs(Double(low) / Double(sample.count) - point.cdf))
        }
        return d
    }

    /// The asymptotic p-value of a KS statistic `d` for sample sizes `n` and `m` (`m` = nil: one-sample),
    /// from the Kolmogorov distribution with the usual small-sample correction of the argument.
    public static func ksPValue(d: Double, n: Int, m: Int?) -> Double {
        guard n > 0, d > 0 else { return 1 }
        let effective: Double
        if let m, m > 0 {
            effective = Double(n) * Double(m) / Double(n + m)
        } else {
            effective = Double(n)
        }
        let root = effective.squareRoot()
        let lambda = (root + 0.12 + 0.11 / root) * d
        return kolmogorovSurvival(lambda)
    }

    /// Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, the survival function of the Kolmogorov distribution.
    static func kolmogorovSurvival(_ lambda: Double) -> Double {
        guard lambda > 0.2 else { return 1 }  // the series converges slowly there and the sum is 1 to 1e-9
        var sum = 0.0
        var sign = 1.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * lambda * lambda)
            sum += sign * term
            if term < 1e-12 { break }
            sign = -sign
        }
        return Swift.min(Swift.max(2 * sum, 0), 1)
    }

    /// Pearson's chi-squared goodness of fit of `observed` counts against `expectedShares` (same order).
    ///
    /// Categories expected with a share of zero are pooled: a count seen there adds as if its expected share
    /// were `psiFloor`, so an unheard-of class raises the statistic instead of dividing by zero. Returns the
    /// statistic and its degrees of freedom (categories − 1).
    public static func chiSquared(observed: [Int], expectedShares: [Double]) -> (statistic: Double, degreesOfFreedom: Int) {
        precondition(observed.count == expectedShares.count, "chi-squared needs the same categories on both sides")
        let n = Double(observed.reduce(0, +))
        guard n > 0 else { return (0, Swift.max(observed.count - 1, 0)) }
        var statistic = 0.0
        for (o, share) in zip(observed, expectedShares) {
            let expected = Swift.max(share, psiFloor) * n
            let difference = Double(o) - expected
            statistic += difference * difference / expected
        }
        return (statistic, Swift.max(observed.count - 1, 0))
    }

    /// Pearson's chi-squared test of homogeneity of two count vectors over the same categories (a 2 × k
    /// contingency table). Categories empty on both sides are left out of the sum and the degrees of freedom.
    public static func chiSquared(first: [Int], second: [Int]) -> (statistic: Double, degreesOfFreedom: Int) {
        precondition(first.count == second.count, "chi-squared needs the same categories on both sides")
        let n1 = Double(first.reduce(0, +))
        let n2 = Double(second.reduce(0, +))
        let total = n1 + n2
        guard n1 > 0, n2 > 0 else { return (0, 0) }
        var statistic = 0.0
        var categories = 0
        for (a, b) in zip(first, second) where a + b > 0 {
            categories += 1
            let column = Double(a + b)
            let e1 = n1 * column / total
            let e2 = n2 * column / total
            statistic += (Double(a) - e1) * (Double(a) - e1) / e1 + (Double(b) - e2) * (Double(b) - e2) / e2
        }
        return (statistic, Swift.max(categories - 1, 0))
    }

    /// P(X ≥ statistic) for X chi-squared with `degreesOfFreedom`: the regularized upper incomplete gamma
    /// function Q(k/2, x/2). 1 for zero degrees of freedom.
    public static func chiSquaredPValue(statistic: Double, degreesOfFreedom: Int) -> Double {
        guard degreesOfFreedom > 0, statistic > 0 else { return 1 }
        return IncompleteGamma.upperRegularized(a: Double(degreesOfFreedom) / 2, x: statistic / 2)
    }
}
