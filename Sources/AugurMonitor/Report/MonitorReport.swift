import Foundation

/// Everything the HTML report shows about one model: its judged windows in arrival order, the references
/// they were compared with, the alerts, and shadow agreement. Built by `MonitorReportBuilder`, rendered by
/// `ReportPage`.
public struct MonitorReport: Sendable {
    /// The model.
    public var model: String
    /// When the report was made.
    public var generated: Date
    /// Where the records came from, for the page header (e.g. `augur:log since 2026-11-25T15:00:00Z`).
    public var source: String
    /// The thresholds the windows were judged with (and the charts draw).
    public var thresholds: DriftThresholds
    /// Records per window.
    public var windowRecords: Int
    /// The model's records read.
    public var records: Int
    /// Records that are in no judged window yet (the last, unfinished window of each version, and
    /// failures no version answered).
    public var unjudgedRecords: Int
    /// The judged windows, in the order they closed.
    public var windows: [ReportWindow]
    /// The primary reference (published, or first live) of each version, by version.
    public var references: [Int: ReferenceSummary]
    /// Alert events, from the alerts stream and from judging the windows here, in time order.
    public var alerts: [ReportAlert]

    /// Creates a report.
    public init(
        model: String,
        generated: Date,
        source: String,
        thresholds: DriftThresholds,
        windowRecords: Int,
        records: Int,
        unjudgedRecords: Int,
        windows: [ReportWindow],
        references: [Int: ReferenceSummary],
        alerts: [ReportAlert]
    ) {
        self.model = model
        self.generated = generated
        self.source = source
        self.thresholds = thresholds
        self.windowRecords = windowRecords
        self.records = records
        self.unjudgedRecords = unjudgedRecords
        self.windows = windows
        self.references = references
        self.alerts = alerts
    }

    /// Every column seen in a window or a reference, features first (`MonitoredColumn` order).
    public var columns: [MonitoredColumn] {
        var seen = Set<MonitoredColumn>()
        for window in windows { seen.formUnion(window.report.summaries.keys) }
        for reference in references.values { seen.formUnion(reference.columns.keys) }
        return seen.sorted()
    }

    /// The versions seen, ascending.
    public var versions: [Int] { Set(windows.map(\.report.version)).sorted() }

    /// True when any window had shadowed records.
    public var hasShadowData: Bool { windows.contains { ($0.shadow?.shadowed ?? 0) > 0 } }
}

/// One judged window and the shadow scoring seen in it.
public struct ReportWindow: Sendable {
    /// What the monitor found.
    public var report: WindowReport
    /// Shadow scoring in the window; nil when none of its records was shadowed.
    public var shadow: ShadowTally?

    /// Creates a window.
    public init(report: WindowReport, shadow: ShadowTally? = nil) {
        self.report = report
        self.shadow = shadow
    }

    /// `v2 #5`: the version and the window's index within it.
    public var label: String { "v\(report.version) #\(report.window.index)" }

    /// The comparison against the version's primary reference (published or first live), if judged.
    public var primary: ReferenceComparison? { report.comparisons.first { $0.kind != .previousVersion } }

    /// The comparison against the previous version's last window, if any.
    public var previous: ReferenceComparison? { report.comparisons.first { $0.kind == .previousVersion } }
}

/// An alert event and where the report found it.
public struct ReportAlert: Sendable, Equatable {
    /// Where the event came from.
    public enum Source: String, Sendable {
        /// Published on the alerts stream by a running monitor.
        case stream
        /// Raised by judging the windows for this report.
        case replay
    }

    /// The event.
    public var alert: DriftAlert
    /// Where it came from.
    public var source: Source

    /// Creates an entry.
    public init(alert: DriftAlert, source: Source) {
        self.alert = alert
        self.source = source
    }
}

/// A reference's distributions in the form the charts draw: quantiles for numeric columns, class shares
/// for labels.
public struct ReferenceSummary: Sendable, Equatable {
    /// Where the reference came from.
    public var kind: ReferenceKind
    /// The version it describes.
    public var version: Int
    /// Each column's distribution.
    public var columns: [MonitoredColumn: ColumnSummary]

    /// Creates a summary.
    public init(kind: ReferenceKind, version: Int, columns: [MonitoredColumn: ColumnSummary]) {
        self.kind = kind
        self.version = version
        self.columns = columns
    }
}
