/// When windows close. Windows are per model version and slide by panes: a pane closes after
/// `records / panes` records, or (when `seconds` is set) when a record arrives `seconds / panes` after the
/// pane's first one, or when `DriftMonitor.closeExpiredWindows(nowMicros:)` finds it that old. Each time a
/// pane closes, the window of the last `panes` panes is judged. With `panes` 1 (the default) windows tumble:
/// every record is judged in exactly one window.
public struct WindowPolicy: Sendable, Equatable {
    /// Records per window. Default 1000.
    public var records: Int
    /// Longest time a window spans, in seconds; nil (the default) for count-based windows only.
    public var seconds: Double?
    /// Panes per window: the window slides by a `panes`-th of itself. Default 1 (tumbling).
    public var panes: Int

    /// Creates a policy; defaults as documented on the properties.
    public init(records: Int = 1000, seconds: Double? = nil, panes: Int = 1) {
        self.records = records
        self.seconds = seconds
        self.panes = Swift.max(1, panes)
    }

    /// Records per pane (at least 1).
    var paneRecords: Int { Swift.max(1, (records + panes - 1) / panes) }

    /// Time span of a pane, in microseconds.
    var paneSpanMicros: UInt64? { seconds.map { UInt64(($0 * 1_000_000 / Double(panes)).rounded()) } }
}

/// Everything the monitor core is tuned by.
public struct MonitorConfiguration: Sendable {
    /// When windows close.
    public var window: WindowPolicy
    /// Thresholds for models without their own.
    public var thresholds: DriftThresholds
    /// Thresholds by model name, overriding `thresholds`.
    public var modelThresholds: [String: DriftThresholds]
    /// Scored records of a version's first live traffic that form its reference when nothing was
    /// published with it. Default 1000.
    public var liveReferenceRecords: Int
    /// Columns an alert names at most. Default 5.
    public var topColumns: Int

    /// Creates a configuration; every parameter defaults as documented on its property.
    public init(
        window: WindowPolicy = WindowPolicy(),
        thresholds: DriftThresholds = DriftThresholds(),
        modelThresholds: [String: DriftThresholds] = [:],
        liveReferenceRecords: Int = 1000,
        topColumns: Int = 5
    ) {
        self.window = window
        self.thresholds = thresholds
        self.modelThresholds = modelThresholds
        self.liveReferenceRecords = liveReferenceRecords
        self.topColumns = topColumns
    }

    /// The thresholds that apply to `model`.
    public func thresholds(for model: String) -> DriftThresholds {
        modelThresholds[model] ?? thresholds
    }
}
