import Foundation

/// Computes the drift of every column of a window against a reference profile.
///
/// Numeric columns get PSI over the reference bins and KS (two-sample against a live reference, at the
/// published histogram's edges otherwise); features also get the out-of-range and missing
/// shares. Label columns get PSI over classes and chi-squared (goodness of fit against published shares,
/// homogeneity against live counts). Columns the reference does not know are skipped.
public enum DriftEvaluator {
    /// The drift of each column the window and the reference share, ordered by column.
    public static func evaluate(
        _ window: WindowSample,
        against reference: ReferenceProfile,
        alpha: Double
    ) -> [ColumnDrift] {
        var drifts: [ColumnDrift] = []
        for (column, values) in window.numeric {
            guard case .numeric(let numeric)? = reference.columns[column] else { continue }
            drifts.append(evaluate(column: column, values: values, against: numeric, alpha: alpha))
        }
        for (column, counts) in window.labels {
            guard case .categorical(let categorical)? = reference.columns[column] else { continue }
            drifts.append(evaluate(column: column, counts: counts, against: categorical, alpha: alpha))
        }
        return drifts.sorted { $0.column < $1.column }
    }

    static func evaluate(column: MonitoredColumn, values: [Double], against reference: NumericReference, alpha: Double)
        -> ColumnDrift
    {
        let sorted = values.filter { !$0.isNaN }.sorted()
        var counts = [Int](repeating: 0, count: reference.cuts.count + 1)
        var outside = 0
        for x in sorted {
            counts[reference.bin(of: x)] += 1
            if x < reference.min || x > reference.max { outside += 1 }
        }
        let psi = sorted.isEmpty ? 0 : DriftStatistics.psi(expected: reference.shares, actual: DriftStatistics.shares(counts))
        let d: Double
        if let sample = reference.sortedSample {
            d = DriftStatistics.ksStatistic(sorted: sorted, sorted: sample)
        } else {
            d = DriftStatistics.ksStatistic(sorted: sorted, cdfPoints: reference.histogramCDFPoints())
        }
        let isFeature = column.kind == .feature
        return ColumnDrift(
            column: column,
            count: sorted.count,
            psi: psi,
            ks: d,
            ksPValue: DriftStatistics.ksPValue(d: d, n: sorted.count, m: reference.count),
            ksCritical: ksCritical(alpha: alpha, n: sorted.count, m: reference.count),
            outOfRangeShare: isFeature && !sorted.isEmpty ? Double(outside) / Double(sorted.count) : nil,
            missingShare: isFeature && !values.isEmpty ? Double(values.count - sorted.count) / Double(values.count) : nil,
            referenceMissingShare: isFeature ? reference.missingShare : nil
        )
    }

    static func evaluate(column: MonitoredColumn, counts: [String: Int], against reference: CategoricalReference, alpha: Double)
        -> ColumnDrift
    {
        let classes = Set(counts.keys).union(reference.shares.keys).sorted()
        let observed = classes.map { counts[$0] ?? 0 }
        let total = observed.reduce(0, +)
        let expectedShares = classes.map { reference.shares[$0] ?? 0 }
        let psi = total == 0 ? 0 : DriftStatistics.psi(expected: expectedShares, actual: DriftStatistics.shares(observed))
        let test: (statistic: Double, degreesOfFreedom: Int)
        if let referenceCounts = reference.counts {
            test = DriftStatistics.chiSquared(first: observed, second: classes.map { referenceCounts[$0] ?? 0 })
        } else {
            test = DriftStatistics.chiSquared(observed: observed, expectedShares: expectedShares)
        }
        return ColumnDrift(
            column: column,
            count: total,
            psi: psi,
            chiSquared: test.statistic,
            chiSquaredPValue: DriftStatistics.chiSquaredPValue(statistic: test.statistic, degreesOfFreedom: test.degreesOfFreedom),
            chiSquaredCritical: chiSquaredCritical(alpha: alpha, degreesOfFreedom: test.degreesOfFreedom)
        )
    }

    /// The KS statistic whose asymptotic p-value is `alpha`: λ_α / (√n_e + 0.12 + 0.11/√n_e), with λ_α from
    /// the first term of the Kolmogorov series (exact to well under 1e-6 for small alpha).
    static func ksCritical(alpha: Double, n: Int, m: Int) -> Double? {
        guard n > 0, m > 0, alpha > 0, alpha < 1 else { return nil }
        let effective = (Double(n) * Double(m) / Double(n + m)).squareRoot()
        let lambda = (-log(alpha / 2) / 2).squareRoot()
        return lambda / (effective + 0.12 + 0.11 / effective)
    }

    /// The chi-squared statistic whose p-value is `alpha` (by bisection).
    static func chiSquaredCritical(alpha: Double, degreesOfFreedom: Int) -> Double? {
        guard degreesOfFreedom > 0, alpha > 0, alpha < 1 else { return nil }
        var low = 0.0
        var high = Double(degreesOfFreedom) + 10
        while DriftStatistics.chiSquaredPValue(statistic: high, degreesOfFreedom: degreesOfFreedom) > alpha { high *= 2 }
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if DriftStatistics.chiSquaredPValue(statistic: middle, degreesOfFreedom: degreesOfFreedom) > alpha {
                low = middle
            } else {
                high = middle
            }
        }
        return (low + high) / 2
    }
}
