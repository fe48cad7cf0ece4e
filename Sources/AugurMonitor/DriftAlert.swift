import Foundation

/// What drifted: the model's inputs or its predictions.
public enum DriftSignal: String, Sendable, Hashable, CaseIterable {
    /// An input feature's distribution moved.
    case featureDrift = "feature_drift"
    /// An output's distribution (class shares or scores) moved.
    case predictionDrift = "prediction_drift"

    /// The column kind the signal watches.
    var columnKind: MonitoredColumn.Kind { self == .featureDrift ? .feature : .output }
}

/// An alert's state change: it started firing, or it cleared.
public enum AlertState: String, Sendable, Hashable {
    case firing, resolved
}

/// The window an alert was decided in.
public struct WindowPosition: Sendable, Equatable {
    /// The window's index in its version's sequence, from 0.
    public var index: Int
    /// Time of the window's first record (Unix µs).
    public var startMicros: UInt64
    /// Time of its last record (Unix µs).
    public var endMicros: UInt64
    /// Records in it.
    public var records: Int

    /// Creates a position.
    public init(index: Int, startMicros: UInt64, endMicros: UInt64, records: Int) {
        self.index = index
        self.startMicros = startMicros
        self.endMicros = endMicros
        self.records = records
    }
}

/// A drift alert event: emitted once when a signal starts firing and once when it resolves, never for
/// every window in between. Published on the alerts stream, logged, and consumable as a retraining trigger.
public struct DriftAlert: Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version whose traffic drifted.
    public var version: Int
    /// Feature or prediction drift.
    public var signal: DriftSignal
    /// What the window was compared against.
    public var reference: ReferenceKind
    /// The version the reference describes (itself, or the previous version).
    public var referenceVersion: Int
    /// The statistic that crossed its threshold (for `resolved`: the one that had fired).
    public var statistic: String
    /// Its value in the deciding window (for `resolved`: the top column's PSI then).
    public var value: Double
    /// The threshold.
    public var threshold: Double
    /// The window that decided the change.
    public var window: WindowPosition
    /// The columns that drifted most, worst first (`X[3]`, `label`); empty for `resolved`.
    public var topColumns: [String]
    /// Firing or resolved.
    public var state: AlertState

    /// Creates an alert event.
    public init(
        model: String,
        version: Int,
        signal: DriftSignal,
        reference: ReferenceKind,
        referenceVersion: Int,
        statistic: String,
        value: Double,
        threshold: Double,
        window: WindowPosition,
        topColumns: [String],
        state: AlertState
    ) {
        self.model = model
        self.version = version
        self.signal = signal
        self.reference = reference
        self.referenceVersion = referenceVersion
        self.statistic = statistic
        self.value = value
        self.threshold = threshold
        self.window = window
        self.topColumns = topColumns
        self.state = state
    }

    /// The stream entry fields, all strings: model, version, signal, reference, reference_version,
    /// statistic, value, threshold, window (index), window_start_us, window_end_us, window_records,
    /// top_features (comma-separated), state.
    public var fields: [(name: String, value: String)] {
        [
            ("model", model), ("version", String(version)), ("signal", signal.rawValue),
            ("reference", reference.rawValue), ("reference_version", String(referenceVersion)),
            ("statistic", statistic), ("value", Self.format(value)), ("threshold", Self.format(threshold)),
            ("window", String(window.index)), ("window_start_us", String(window.startMicros)),
            ("window_end_us", String(window.endMicros)), ("window_records", String(window.records)),
            ("top_features", topColumns.joined(separator: ",")), ("state", state.rawValue),
        ]
    }

    /// A one-line human summary for the log.
    public var summary: String {
        let against = reference == .previousVersion ? "previous version \(referenceVersion)" : reference.rawValue
        let top = topColumns.isEmpty ? "" : " top: \(topColumns.joined(separator: ", "))"
        return "\(state.rawValue): \(signal.rawValue) on \(model) v\(version) against \(against): "
            + "\(statistic) \(Self.format(value)) (threshold \(Self.format(threshold))) in window \(window.index)\(top)"
    }

    static func format(_ value: Double) -> String {
        value.isFinite ? String(format: "%.4f", value) : String(describing: value)
    }
}
