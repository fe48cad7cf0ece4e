/// Turns each window's column drifts into alert events with hysteresis: one `firing` event when a signal
/// starts breaching, none while it keeps breaching, one `resolved` event after `clearWindows` consecutive
/// windows with no breach in which every column that breached while the alert fired is clear again
/// (another column hovering at the warning level does not hold the alert open).
public struct AlertTracker: Sendable {
    /// One alert: a signal of one model version against one reference.
    public struct Key: Hashable, Sendable {
        /// The model.
        public var model: String
        /// The version whose traffic is judged.
        public var version: Int
        /// Feature or prediction drift.
        public var signal: DriftSignal
        /// What the version's windows are compared against.
        public var reference: ReferenceKind
    }

    private struct State {
        var firing = false
        var clearStreak = 0
        var fired: DriftBreach?
        var firedColumn: MonitoredColumn?
        var breachedColumns: Set<MonitoredColumn> = []
    }

    private var states: [Key: State] = [:]
    /// How many columns an event names at most.
    public var topColumnLimit: Int

    /// Creates a tracker with nothing firing.
    public init(topColumnLimit: Int = 5) {
        self.topColumnLimit = topColumnLimit
    }

    /// Whether the alert is firing now.
    public func isFiring(_ key: Key) -> Bool { states[key]?.firing ?? false }

    /// Every alert firing now.
    public var firing: [Key] { states.filter(\.value.firing).map(\.key) }

    /// Feeds one window's drifts for `key` (only the columns the signal watches) and returns the event the
    /// window causes, if any. Windows in which no column had enough values to judge change nothing.
    public mutating func update(
        _ key: Key,
        drifts: [ColumnDrift],
        referenceVersion: Int,
        window: WindowPosition,
        thresholds: DriftThresholds
    ) -> DriftAlert? {
        let judged = drifts.filter { $0.count >= thresholds.minimumValues }
        guard !judged.isEmpty else { return nil }
        var state = states[key] ?? State()
        defer { states[key] = state }
        let breaches = judged.compactMap { drift in drift.breach(thresholds).map { (drift, $0) } }
            .sorted { $0.0.psi > $1.0.psi }
        if let (topDrift, topBreach) = breaches.first {
            state.clearStreak = 0
            guard !state.firing else {
                state.breachedColumns.formUnion(breaches.map(\.0.column))
                return nil
            }
            state.breachedColumns = Set(breaches.map(\.0.column))
            state.firing = true
            state.fired = topBreach
            state.firedColumn = topDrift.column
            return DriftAlert(
                model: key.model,
                version: key.version,
                signal: key.signal,
                reference: key.reference,
                referenceVersion: referenceVersion,
                statistic: topBreach.statistic,
                value: topBreach.value,
                threshold: topBreach.threshold,
                window: window,
                topColumns: breaches.prefix(topColumnLimit).map { $0.0.column.description },
                state: .firing
            )
        }
        guard state.firing else { return nil }
        let breachedBefore = judged.filter { state.breachedColumns.contains($0.column) }
        guard !breachedBefore.isEmpty else { return nil }
        guard breachedBefore.allSatisfy({ $0.isClear(thresholds) }) else {
            state.clearStreak = 0
            return nil
        }
        state.clearStreak += 1
        guard state.clearStreak >= thresholds.clearWindows else { return nil }
        state.firing = false
        state.clearStreak = 0
        state.breachedColumns = []
        let fired = state.fired ?? DriftBreach(statistic: "psi", value: 0, threshold: thresholds.psiAlert)
        let current = judged.first { $0.column == state.firedColumn }?.value(of: fired.statistic) ?? 0
        return DriftAlert(
            model: key.model,
            version: key.version,
            signal: key.signal,
            reference: key.reference,
            referenceVersion: referenceVersion,
            statistic: fired.statistic,
            value: current,
            threshold: fired.threshold,
            window: window,
            topColumns: [],
            state: .resolved
        )
    }
}

extension ColumnDrift {
    /// The value of a statistic by its alert name.
    func value(of statistic: String) -> Double? {
        switch statistic {
        case "psi": psi
        case "ks": ks
        case "chi_squared": chiSquared
        case "out_of_range": outOfRangeShare
        case "missing": missingShare
        default: nil
        }
    }
}
