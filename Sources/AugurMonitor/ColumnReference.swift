import AugurModels

/// The reference distribution of one numeric column, in the form the drift statistics need: PSI bins with
/// their expected shares, a CDF for KS, the range seen, and the missing share.
public struct NumericReference: Sendable, Equatable {
    /// Interior bin boundaries, ascending: bin 0 is (−∞, cuts[0]), the last bin [cuts.last, ∞), so values
    /// outside the reference range land in the end bins.
    public var cuts: [Double]
    /// Expected share of non-missing values in each bin (`cuts.count + 1` of them, summing to 1).
    public var shares: [Double]
    /// Smallest and largest reference value: the training range for the out-of-range share.
    public var min: Double
    /// Largest reference value.
    public var max: Double
    /// Share of reference values that were missing (NaN).
    public var missingShare: Double
    /// Non-missing values the reference was computed from.
    public var count: Int
    /// The reference values themselves when they are known (a live window), for the exact two-sample KS;
    /// otherwise the histogram stands in for the CDF.
    public var sortedSample: [Double]?
    /// Histogram edges and counts, giving the CDF at the edges when there is no sample.
    public var histogram: Histogram?

    /// The PSI bins of a published summary: its equal-width histogram, with the outer bins opened.
    public init(summary: NumericSummary) {
        let edges = summary.histogram.edges
        cuts = edges.count > 2 ? Array(edges[1..<(edges.count - 1)]) : []
        shares = DriftStatistics.shares(summary.histogram.counts)
        if shares.isEmpty { shares = [1] }
        min = summary.min
        max = summary.max
        let total = summary.count + summary.missing
        missingShare = total > 0 ? Double(summary.missing) / Double(total) : 0
        count = summary.count
        sortedSample = nil
        histogram = summary.histogram
    }

    /// Decile bins of a live sample (NaN counted as missing); tied cut points are merged.
    public init(sample: [Double], bins: Int = 10) {
        let sorted = sample.filter { !$0.isNaN }.sorted()
        var cuts: [Double] = []
        if !sorted.isEmpty {
            for k in 1..<bins {
                let cut = sorted[Swift.min(sorted.count - 1, sorted.count * k / bins)]
                if cut > (cuts.last ?? -.infinity), cut > sorted[0] { cuts.append(cut) }
            }
        }
        self.cuts = cuts
        var counts = [Int](repeating: 0, count: cuts.count + 1)
        for x in sorted { counts[Self.bin(of: x, cuts: cuts)] += 1 }
        shares = DriftStatistics.shares(counts)
        min = sorted.first ?? 0
        max = sorted.last ?? 0
        missingShare = sample.isEmpty ? 0 : Double(sample.count - sorted.count) / Double(sample.count)
        count = sorted.count
        sortedSample = sorted
        histogram = nil
    }

    /// The bin a value falls in.
    public func bin(of x: Double) -> Int { Self.bin(of: x, cuts: cuts) }

    static func bin(of x: Double, cuts: [Double]) -> Int {
        var low = 0
        var high = cuts.count
        while low < high {  // the number of cuts ≤ x
            let middle = (low + high) / 2
            if cuts[middle] <= x { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Points where the published histogram gives the reference CDF exactly: at each interior edge, the
    /// share of values below it. KS is measured at these points only (a binned KS, never larger than the
    /// exact statistic): interpolating within bins would invent a shape, and a score output concentrated
    /// at one point of a bin would then look drifted against its own training sample.
    func histogramCDFPoints() -> [(x: Double, cdf: Double)] {
        guard let histogram, histogram.edges.count > 2 else { return [] }
        let total = Double(histogram.counts.reduce(0, +))
        guard total > 0 else { return [] }
        var below = 0.0
        var points: [(x: Double, cdf: Double)] = []
        for k in 1..<(histogram.edges.count - 1) {
            below += Double(histogram.counts[k - 1])
            points.append((histogram.edges[k], below / total))
        }
        return points
    }
}

/// The reference distribution of one label column: the share of each class, and the counts when the
/// reference is itself a sample (so that the two-sample chi-squared applies).
public struct CategoricalReference: Sendable, Equatable {
    /// Share of each class, summing to 1.
    public var shares: [String: Double]
    /// Counts of each class for a live reference; nil for published shares.
    public var counts: [String: Int]?

    /// A reference from published class shares.
    public init(shares: [String: Double]) {
        self.shares = shares
        self.counts = nil
    }

    /// A reference from a live sample's class counts.
    public init(counts: [String: Int]) {
        let total = Double(counts.values.reduce(0, +))
        self.shares = total > 0 ? counts.mapValues { Double($0) / total } : [:]
        self.counts = counts
    }
}

/// One column's reference.
public enum ColumnReference: Sendable, Equatable {
    /// A numeric column (feature or numeric output).
    case numeric(NumericReference)
    /// A label column.
    case categorical(CategoricalReference)
}
