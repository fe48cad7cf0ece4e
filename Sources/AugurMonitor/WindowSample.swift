import AugurModels

/// The records of one window of one model version, kept as raw column values so that every statistic
/// (PSI bins, KS, quantiles) can be computed from them when the window closes.
public struct WindowSample: Sendable {
    /// The window's position in the version's sequence of windows (or panes), from 0.
    public var index: Int
    /// Time of the first and last record (Unix µs); 0 while empty.
    public var startMicros: UInt64 = 0
    /// Time of the last record (Unix µs).
    public var endMicros: UInt64 = 0
    /// Records seen, failed ones included.
    public var records = 0
    /// Records whose outcome was an error.
    public var errors = 0
    /// Numeric column values, NaN for missing, over every row of every scored record.
    public var numeric: [MonitoredColumn: [Double]] = [:]
    /// Label counts per label column.
    public var labels: [MonitoredColumn: [String: Int]] = [:]

    /// An empty window.
    public init(index: Int) {
        self.index = index
    }

    /// Adds a record's rows.
    public mutating func add(_ record: MonitoredRecord) {
        if records == 0 { startMicros = record.timeMicros }
        startMicros = Swift.min(startMicros, record.timeMicros)
        endMicros = Swift.max(endMicros, record.timeMicros)
        records += 1
        guard record.isScored else {
            errors += 1
            return
        }
        for (column, values) in record.numeric { numeric[column, default: []].append(contentsOf: values) }
        for (column, values) in record.labels {
            for label in values { labels[column, default: [:]][label, default: 0] += 1 }
        }
    }

    /// Adds every record of `other` (a later pane of the same version).
    public mutating func merge(_ other: WindowSample) {
        guard other.records > 0 else { return }
        startMicros = records == 0 ? other.startMicros : Swift.min(startMicros, other.startMicros)
        endMicros = Swift.max(endMicros, other.endMicros)
        records += other.records
        errors += other.errors
        for (column, values) in other.numeric { numeric[column, default: []].append(contentsOf: values) }
        for (column, counts) in other.labels {
            for (label, count) in counts { labels[column, default: [:]][label, default: 0] += count }
        }
    }

    /// Scored records: the ones whose columns were kept.
    public var scoredRecords: Int { records - errors }

    /// The window's distribution of each column: histogram, quantiles and missing count for numeric
    /// columns, class shares for label columns.
    public func summaries() -> [MonitoredColumn: ColumnSummary] {
        var result: [MonitoredColumn: ColumnSummary] = [:]
        for (column, values) in numeric { result[column] = .numeric(NumericSummary(of: values)) }
        for (column, counts) in labels {
            let total = Double(counts.values.reduce(0, +))
            result[column] = .classShares(total > 0 ? counts.mapValues { Double($0) / total } : [:])
        }
        return result
    }
}

/// One column's distribution in a window.
public enum ColumnSummary: Sendable, Equatable {
    /// Numeric column: count, missing, moments, quantiles and a histogram.
    case numeric(NumericSummary)
    /// Label column: share of each class.
    case classShares([String: Double])
}
