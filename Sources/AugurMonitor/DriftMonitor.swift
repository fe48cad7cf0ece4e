import AugurModels

/// The monitor core: groups inference log records into windows per model version (tumbling, or sliding by
/// panes: see `WindowPolicy`), compares each closed window with the version's references, and tracks
/// alerts with hysteresis. Pure and synchronous, no I/O:
/// the stream service feeds it, and tests feed it synthetic records.
///
/// A version's references are its published `ReferenceStatistics` (or, without them, its first
/// `liveReferenceRecords` scored records) and, when another version of the model was seen before it, that
/// version's last window at the moment this one first appeared (the hot swap or canary start).
public struct DriftMonitor: Sendable {
    /// Looks up the reference statistics published with a version (nil when there are none).
    public typealias ReferenceLookup = @Sendable (_ model: String, _ version: Int) -> ReferenceStatistics?

    private struct VersionState {
        var pane = WindowSample(index: 0)
        var recentPanes: [WindowSample] = []
        var panesClosed = 0
        var windowIndex = 0
        var lastWindow: WindowSample?
        var primary: ReferenceProfile?
        var liveCollector: WindowSample?
        var previous: ReferenceProfile?
        var lastSeenMicros: UInt64
    }

    /// The configuration it runs with.
    public let configuration: MonitorConfiguration
    private let publishedReference: ReferenceLookup
    private var models: [String: [Int: VersionState]] = [:]
    private var tracker: AlertTracker

    /// Creates a monitor with no windows yet.
    public init(
        configuration: MonitorConfiguration = MonitorConfiguration(),
        publishedReference: @escaping ReferenceLookup = { _, _ in nil }
    ) {
        self.configuration = configuration
        self.publishedReference = publishedReference
        self.tracker = AlertTracker(topColumnLimit: configuration.topColumns)
    }

    /// Adds one record; returns the reports of the windows it closed (none, or one; two when a late record
    /// closes a time pane and fills a count pane).
    public mutating func ingest(_ record: MonitoredRecord) -> [WindowReport] {
        guard let version = record.version else { return [] }
        var reports: [WindowReport] = []
        var state = models[record.model]?[version] ?? startVersion(model: record.model, version: version)
        if let span = configuration.window.paneSpanMicros, state.pane.records > 0,
            record.timeMicros >= state.pane.startMicros + span
        {
            reports += closePane(&state, model: record.model, version: version)
        }
        if var collector = state.liveCollector {
            collector.add(record)
            if collector.scoredRecords >= configuration.liveReferenceRecords {
                state.primary = ReferenceProfile(sample: collector, kind: .firstLive, version: version)
                state.liveCollector = nil
            } else {
                state.liveCollector = collector
            }
        }
        state.pane.add(record)
        state.lastSeenMicros = Swift.max(state.lastSeenMicros, record.timeMicros)
        if state.pane.records >= configuration.window.paneRecords {
            reports += closePane(&state, model: record.model, version: version)
        }
        models[record.model, default: [:]][version] = state
        return reports
    }

    /// Closes every non-empty pane whose time span has run out by `nowMicros` (time-based windows only),
    /// so that a model whose traffic stops still gets its last window judged.
    public mutating func closeExpiredWindows(nowMicros: UInt64) -> [WindowReport] {
        guard let span = configuration.window.paneSpanMicros else { return [] }
        var reports: [WindowReport] = []
        for (model, versions) in models {
            for (version, var state) in versions where state.pane.records > 0 && nowMicros >= state.pane.startMicros + span {
                reports += closePane(&state, model: model, version: version)
                models[model]?[version] = state
            }
        }
        return reports
    }

    /// Whether an alert is firing now.
    public func isFiring(model: String, version: Int, signal: DriftSignal, reference: ReferenceKind) -> Bool {
        tracker.isFiring(AlertTracker.Key(model: model, version: version, signal: signal, reference: reference))
    }

    /// The references a version is compared against now.
    public func references(model: String, version: Int) -> [ReferenceProfile] {
        guard let state = models[model]?[version] else { return [] }
        return [state.primary, state.previous].compactMap { $0 }
    }

    private func startVersion(model: String, version: Int) -> VersionState {
        let published = publishedReference(model, version).map { ReferenceProfile(published: $0, version: version) }
        var previous: ReferenceProfile?
        if let (otherVersion, other) = models[model]?.filter({ $0.key != version }).max(by: {
            $0.value.lastSeenMicros < $1.value.lastSeenMicros
        }) {
            let sample = other.lastWindow ?? Self.merged(other.recentPanes + [other.pane], index: 0)
            if sample.scoredRecords > 0 {
                previous = ReferenceProfile(sample: sample, kind: .previousVersion, version: otherVersion)
            }
        }
        return VersionState(
            primary: published,
            liveCollector: published == nil ? WindowSample(index: -1) : nil,
            previous: previous,
            lastSeenMicros: 0
        )
    }

    private static func merged(_ panes: [WindowSample], index: Int) -> WindowSample {
        var window = WindowSample(index: index)
        for pane in panes { window.merge(pane) }
        return window
    }

    /// Closes the current pane and judges the window of the last `panes` panes once there are that many.
    private mutating func closePane(_ state: inout VersionState, model: String, version: Int) -> [WindowReport] {
        let panes = configuration.window.panes
        let window = Self.merged(state.recentPanes + [state.pane], index: state.windowIndex)
        state.recentPanes.append(state.pane)
        state.recentPanes.removeFirst(Swift.max(0, state.recentPanes.count - (panes - 1)))
        state.pane = WindowSample(index: 0)
        state.panesClosed += 1
        guard state.panesClosed >= panes else { return [] }
        state.windowIndex += 1
        return [judge(window, state: &state, model: model, version: version)]
    }

    private mutating func judge(_ window: WindowSample, state: inout VersionState, model: String, version: Int)
        -> WindowReport
    {
        let thresholds = configuration.thresholds(for: model)
        let position = WindowPosition(
            index: window.index,
            startMicros: window.startMicros,
            endMicros: window.endMicros,
            records: window.records
        )
        var comparisons: [ReferenceComparison] = []
        var alerts: [DriftAlert] = []
        for reference in [state.primary, state.previous].compactMap({ $0 }) {
            let drifts = DriftEvaluator.evaluate(window, against: reference, alpha: thresholds.alpha)
            comparisons.append(ReferenceComparison(kind: reference.kind, referenceVersion: reference.version, drifts: drifts))
            for signal in DriftSignal.allCases {
                let key = AlertTracker.Key(model: model, version: version, signal: signal, reference: reference.kind)
                let relevant = drifts.filter { $0.column.kind == signal.columnKind }
                if let alert = tracker.update(
                    key,
                    drifts: relevant,
                    referenceVersion: reference.version,
                    window: position,
                    thresholds: thresholds
                ) {
                    alerts.append(alert)
                }
            }
        }
        state.lastWindow = window
        return WindowReport(
            model: model,
            version: version,
            window: position,
            errors: window.errors,
            summaries: window.summaries(),
            comparisons: comparisons,
            alerts: alerts
        )
    }
}
