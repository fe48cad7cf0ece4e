import Foundation

/// Statistics of a reference sample (typically rows from the training or validation set) and of the
/// model's predictions on it; monitoring compares live traffic against these to detect drift.
///
/// ```json
/// "reference": {
///   "rows": 150, "computed": "2026-11-25T13:00:00Z",
///   "features": [{"input": "X", "index": 0, "summary": { …NumericSummary… }}, …],
///   "outputs": [
///     {"output": "probabilities", "index": 1, "summary": { … }},
///     {"output": "label", "class_shares": {"0": 0.33, "1": 0.33, "2": 0.34}}
///   ]
/// }
/// ```
public struct ReferenceStatistics: Codable, Sendable, Equatable {
    /// How many rows the sample had.
    public var rows: Int
    /// When the statistics were computed.
    public var computed: Date
    /// One entry per feature column: each input's trailing dimensions flattened, in row-major order.
    public var features: [FeatureStatistics]
    /// One entry per numeric output column, or one per label output with the share of each class.
    public var outputs: [OutputStatistics]

    /// Creates reference statistics.
    public init(rows: Int, computed: Date, features: [FeatureStatistics], outputs: [OutputStatistics]) {
        self.rows = rows
        self.computed = computed
        self.features = features
        self.outputs = outputs
    }
}

/// The distribution of one input feature column.
public struct FeatureStatistics: Codable, Sendable, Equatable {
    /// The input the column belongs to.
    public var input: String
    /// The column's index within one row of that input (trailing dimensions flattened).
    public var index: Int
    /// The column's distribution.
    public var summary: NumericSummary

    /// Creates feature statistics.
    public init(input: String, index: Int, summary: NumericSummary) {
        self.input = input
        self.index = index
        self.summary = summary
    }
}

/// The distribution of one output column (numeric outputs, e.g. a probability per class) or the
/// shares of each predicted class (label outputs and string outputs).
public struct OutputStatistics: Codable, Sendable, Equatable {
    /// The output's name.
    public var output: String
    /// The column within one row of a numeric output; nil for class shares.
    public var index: Int?
    /// The column's distribution, for numeric outputs.
    public var summary: NumericSummary?
    /// Share of rows predicted as each class (label → fraction, summing to 1), for label outputs.
    public var classShares: [String: Double]?

    /// Creates output statistics.
    public init(output: String, index: Int? = nil, summary: NumericSummary? = nil, classShares: [String: Double]? = nil) {
        self.output = output
        self.index = index
        self.summary = summary
        self.classShares = classShares
    }

    enum CodingKeys: String, CodingKey {
        case output, index, summary
        case classShares = "class_shares"
    }
}

/// Moments, order statistics and a histogram of a sample of numbers (NaN values counted apart).
public struct NumericSummary: Codable, Sendable, Equatable {
    /// Number of non-NaN values.
    public var count: Int
    /// Number of NaN (missing) values.
    public var missing: Int
    /// Mean of the non-NaN values (0 when there are none).
    public var mean: Double
    /// Population standard deviation.
    public var std: Double
    /// Smallest value.
    public var min: Double
    /// Largest value.
    public var max: Double
    /// Quantiles at `NumericSummary.quantileLevels`, by linear interpolation between order statistics.
    public var quantiles: [Quantile]
    /// Equal-width histogram over [min, max]: `edges.count == counts.count + 1`.
    public var histogram: Histogram

    /// Creates a summary.
    public init(
        count: Int, missing: Int, mean: Double, std: Double, min: Double, max: Double, quantiles: [Quantile],
        histogram: Histogram
    ) {
        self.count = count
        self.missing = missing
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
        self.quantiles = quantiles
        self.histogram = histogram
    }

    /// The quantile levels every summary reports.
    public static let quantileLevels: [Double] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
    /// The number of histogram bins every summary uses.
    public static let histogramBins = 10
}

/// One quantile: the level `q` in [0, 1] and the value below which that fraction of the sample falls.
public struct Quantile: Codable, Sendable, Equatable {
    /// The level, e.g. 0.5 for the median.
    public var q: Double
    /// The value at that level.
    public var value: Double

    /// Creates a quantile.
    public init(q: Double, value: Double) {
        self.q = q
        self.value = value
    }
}

/// Bin edges and counts; values equal to the last edge fall into the last bin.
public struct Histogram: Codable, Sendable, Equatable {
    /// Bin boundaries, ascending; one more than the bins.
    public var edges: [Double]
    /// Values per bin.
    public var counts: [Int]

    /// Creates a histogram.
    public init(edges: [Double], counts: [Int]) {
        self.edges = edges
        self.counts = counts
    }
}
