/// The report's colours. Bands and fills are opaque so that every mark keeps its exact colour on screen
/// (the end-to-end test finds charts in a screenshot by these colours).
public enum ChartPalette {
    /// Window quantiles p5–p95.
    public static let windowOuter = "#c6dbef"
    /// Window quantiles p25–p75.
    public static let windowInner = "#6baed6"
    /// Window median.
    public static let windowMedian = "#08519c"
    /// Reference quantiles p5–p95.
    public static let referenceOuter = "#fdd0a2"
    /// Reference median.
    public static let referenceMedian = "#d94801"
    /// The PSI warning threshold.
    public static let warn = "#c98a00"
    /// The alert threshold, and firing alerts.
    public static let alert = "#d62728"
    /// Resolved alerts.
    public static let resolved = "#2ca02c"
    /// Shadow agreement.
    public static let agreement = "#6a3d9a"

    /// Distinct colours for series (columns, classes), reused in order.
    public static let series = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    /// The series colour of the `index`-th series.
    public static func series(_ index: Int) -> String { series[((index % series.count) + series.count) % series.count] }
}
