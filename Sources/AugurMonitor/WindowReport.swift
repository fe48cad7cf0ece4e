/// One window's comparison against one reference.
public struct ReferenceComparison: Sendable, Equatable {
    /// What the window was compared against.
    public var kind: ReferenceKind
    /// The version the reference describes.
    public var referenceVersion: Int
    /// Each column's drift, ordered by column.
    public var drifts: [ColumnDrift]
}

/// What the monitor found when a window closed: the window's distributions, its drift against each
/// reference, and the alert events it caused.
public struct WindowReport: Sendable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// Where the window sits.
    public var window: WindowPosition
    /// Records in the window that failed.
    public var errors: Int
    /// The window's distribution of every column.
    public var summaries: [MonitoredColumn: ColumnSummary]
    /// Drift against each reference the version has (published or first live, and the previous version).
    public var comparisons: [ReferenceComparison]
    /// Alert events (firing or resolved) the window caused.
    public var alerts: [DriftAlert]

    /// Columns at PSI warning level in any comparison (logged; they do not alert).
    public func warnings(_ thresholds: DriftThresholds) -> [(kind: ReferenceKind, drift: ColumnDrift)] {
        comparisons.flatMap { comparison in
            comparison.drifts.filter { $0.isWarning(thresholds) }.map { (comparison.kind, $0) }
        }
    }
}
