/// What the monitor keeps of one inference log record: which version answered, when, and the values of
/// each monitored column across the request's rows.
public struct MonitoredRecord: Sendable {
    /// The model name.
    public var model: String
    /// The version that computed the result; nil when none ran.
    public var version: Int?
    /// `ok` or the error code.
    public var outcome: String
    /// When the result was written (Unix µs): the record's place in time windows.
    public var timeMicros: UInt64
    /// Numeric columns (features and numeric outputs): one value per row, NaN for a missing value.
    public var numeric: [MonitoredColumn: [Double]]
    /// Label columns: one class per row.
    public var labels: [MonitoredColumn: [String]]

    /// Creates a record.
    public init(
        model: String,
        version: Int?,
        outcome: String,
        timeMicros: UInt64,
        numeric: [MonitoredColumn: [Double]] = [:],
        labels: [MonitoredColumn: [String]] = [:]
    ) {
        self.model = model
        self.version = version
        self.outcome = outcome
        self.timeMicros = timeMicros
        self.numeric = numeric
        self.labels = labels
    }

    /// True when the record carries predictions the monitor can use (a version ran and succeeded).
    public var isScored: Bool { outcome == "ok" && version != nil }
}
