import AugurModels
import AugurRedisClient
import NIOCore

/// Per-model traffic over a recent horizon, from inference log entries, and the drift state from alert
/// events: what `augur monitor top` shows. Pure: the command feeds it entries and asks for a snapshot.
public struct LiveTraffic: Sendable {
    private struct Entry {
        var arrivalMillis: UInt64
        var model: String
        var version: Int?
        var ok: Bool
        var endToEndMicros: UInt64?
        var modelMicros: UInt64?
        var batch: BatchKey?
    }

    /// Records that shared one model call: same daemon and the same call times.
    private struct BatchKey: Hashable {
        var daemon: String
        var start: UInt64
        var end: UInt64
    }

    private struct AlertKey: Hashable {
        var version: Int
        var signal: DriftSignal
        var reference: ReferenceKind
    }

    /// How far back the rates and latencies look, in milliseconds.
    public let horizonMillis: UInt64
    private var entries: [Entry] = []
    private var head = 0
    private var alerts: [String: [AlertKey: DriftAlert]] = [:]
    private var monitor: DriftMonitor
    private let decoder: InferenceLogDecoder
    private var lastWindows: [String: WindowReport] = [:]

    /// Creates an empty view over the last `horizonMillis`; windows are judged as `configuration` says.
    public init(
        horizonMillis: UInt64,
        configuration: MonitorConfiguration = MonitorConfiguration(),
        publishedReference: @escaping DriftMonitor.ReferenceLookup = { _, _ in nil },
        decoder: InferenceLogDecoder = InferenceLogDecoder()
    ) {
        self.horizonMillis = Swift.max(1, horizonMillis)
        self.monitor = DriftMonitor(configuration: configuration, publishedReference: publishedReference)
        self.decoder = decoder
    }

    /// Adds an inference log entry; its id's time is its arrival. Entries that are no log records are skipped.
    public mutating func addLogEntry(_ message: StreamMessage) {
        func number(_ name: String) -> UInt64? {
            message[name].flatMap { UInt64(String(decoding: $0.readableBytesView, as: UTF8.self)) }
        }
        guard let model = message["model"].map({ String(decoding: $0.readableBytesView, as: UTF8.self) }), !model.isEmpty,
            let written = number("written_us")
        else { return }
        let outcome = message["outcome"].map { String(decoding: $0.readableBytesView, as: UTF8.self) } ?? "ok"
        let enqueued = number("enqueued_us")
        let start = number("model_start_us")
        let end = number("model_end_us")
        let daemon = message["daemon"].map { String(decoding: $0.readableBytesView, as: UTF8.self) } ?? ""
        entries.append(
            Entry(
                arrivalMillis: message.id.milliseconds,
                model: model,
                version: message["version"].flatMap { Int(String(decoding: $0.readableBytesView, as: UTF8.self)) },
                ok: outcome == "ok",
                endToEndMicros: enqueued.flatMap { written >= $0 ? written - $0 : nil },
                modelMicros: start.flatMap { s in end.flatMap { $0 >= s ? $0 - s : nil } },
                batch: start.flatMap { s in end.map { BatchKey(daemon: daemon, start: s, end: $0) } }
            )
        )
        if let record = decoder.decode(message) {
            for report in monitor.ingest(record) {
                lastWindows[report.model] = report
                for alert in report.alerts { add(alert) }
            }
        }
    }

    /// Adds an alert event (from the alerts stream, or judged here); the latest event per alert wins.
    public mutating func add(_ alert: DriftAlert) {
        alerts[alert.model, default: [:]][AlertKey(version: alert.version, signal: alert.signal, reference: alert.reference)] = alert
    }

    /// Adds an alerts stream entry (skipped when it is no alert).
    public mutating func addAlertEntry(_ message: StreamMessage) {
        if let alert = DriftAlert(message) { add(alert) }
    }

    /// Forgets entries that arrived more than the horizon before `nowMillis`.
    public mutating func prune(nowMillis: UInt64) {
        let cutoff = nowMillis > horizonMillis ? nowMillis - horizonMillis : 0
        while head < entries.count, entries[head].arrivalMillis < cutoff { head += 1 }
        if head > 4096, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }

    /// One row per model seen (in the horizon, or with an alert), by name.
    public func snapshot(nowMillis: UInt64) -> [ModelTraffic] {
        let cutoff = nowMillis > horizonMillis ? nowMillis - horizonMillis : 0
        var byModel: [String: [Entry]] = [:]
        for entry in entries[head...] where entry.arrivalMillis >= cutoff { byModel[entry.model, default: []].append(entry) }
        let models = Set(byModel.keys).union(alerts.keys).union(lastWindows.keys).sorted()
        let seconds = Double(horizonMillis) / 1000
        return models.map { model in
            let recent = byModel[model] ?? []
            var batches: [BatchKey: Int] = [:]
            for entry in recent { if let batch = entry.batch { batches[batch, default: 0] += 1 } }
            let firing = (alerts[model] ?? [:]).values.filter { $0.state == .firing }.sorted {
                ($0.version, $0.signal.rawValue, $0.reference.rawValue) < ($1.version, $1.signal.rawValue, $1.reference.rawValue)
            }
            let last = lastWindows[model]
            let worst = last?.comparisons.flatMap(\.drifts).filter(\.psi.isFinite).max { $0.psi < $1.psi }
            return ModelTraffic(
                model: model,
                versions: Set(recent.compactMap(\.version)).sorted(),
                requests: recent.count,
                errors: recent.filter { !$0.ok }.count,
                requestsPerSecond: Double(recent.count) / seconds,
                endToEndMillis: Self.percentiles(recent.compactMap(\.endToEndMicros)),
                modelMillis: Self.percentiles(recent.compactMap(\.modelMicros)),
                meanBatch: batches.isEmpty ? nil : Double(batches.values.reduce(0, +)) / Double(batches.count),
                maxBatch: batches.values.max(),
                firing: firing,
                largestPSI: worst.map { (column: $0.column.description, psi: $0.psi) },
                lastWindow: last.map { "v\($0.version) #\($0.window.index)" }
            )
        }
    }

    /// p50 and p99 (nearest rank) in milliseconds; nil without values.
    static func percentiles(_ micros: [UInt64]) -> (p50: Double, p99: Double)? {
        guard !micros.isEmpty else { return nil }
        let sorted = micros.sorted()
        func rank(_ q: Double) -> Double {
            let index = Swift.min(sorted.count, Swift.max(1, Int((q * Double(sorted.count)).rounded(.up)))) - 1
            return Double(sorted[index]) / 1000
        }
        return (rank(0.5), rank(0.99))
    }
}

/// One model's row in `augur monitor top`.
public struct ModelTraffic: Sendable {
    /// The model.
    public var model: String
    /// Versions that answered within the horizon.
    public var versions: [Int]
    /// Records within the horizon.
    public var requests: Int
    /// Of those, failures.
    public var errors: Int
    /// Records per second over the horizon.
    public var requestsPerSecond: Double
    /// End-to-end latency (enqueued to written), p50 and p99 in ms.
    public var endToEndMillis: (p50: Double, p99: Double)?
    /// Model call time, p50 and p99 in ms.
    public var modelMillis: (p50: Double, p99: Double)?
    /// Mean requests per model call.
    public var meanBatch: Double?
    /// Largest model call.
    public var maxBatch: Int?
    /// Alerts firing now.
    public var firing: [DriftAlert]
    /// The column with the largest PSI in the last window judged here.
    public var largestPSI: (column: String, psi: Double)?
    /// That window, `v1 #3`.
    public var lastWindow: String?
}
