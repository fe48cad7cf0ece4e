import AugurModels
import AugurRedisClient
import Foundation

/// Collects one model's inference log records and alert events and judges the records window by window
/// with a `DriftMonitor`, for the HTML report. Records of other models are skipped, so the whole log
/// stream can be fed to it.
public struct MonitorReportBuilder: Sendable {
    /// The model reported on.
    public let model: String
    private var monitor: DriftMonitor
    private let decoder: InferenceLogDecoder
    private let publishedReference: DriftMonitor.ReferenceLookup
    private var windows: [ReportWindow] = []
    private var pendingShadow: [Int: ShadowTally] = [:]
    private var streamAlerts: [DriftAlert] = []
    private var records = 0

    /// Creates a builder that judges windows as `configuration` says, against the published references
    /// `publishedReference` returns (else the first live records).
    public init(
        model: String,
        configuration: MonitorConfiguration = MonitorConfiguration(),
        publishedReference: @escaping DriftMonitor.ReferenceLookup = { _, _ in nil },
        decoder: InferenceLogDecoder = InferenceLogDecoder()
    ) {
        self.model = model
        self.monitor = DriftMonitor(configuration: configuration, publishedReference: publishedReference)
        self.decoder = decoder
        self.publishedReference = publishedReference
    }

    /// Adds an inference log stream entry (skipped unless it is a record of this model).
    public mutating func addLogEntry(_ message: StreamMessage) {
        guard let record = decoder.decode(message), record.model == model else { return }
        add(record, shadow: ShadowObservation(message))
    }

    /// Adds a record of this model and what it says about shadow scoring.
    public mutating func add(_ record: MonitoredRecord, shadow: ShadowObservation? = nil) {
        guard record.model == model else { return }
        records += 1
        if let shadow, let version = record.version { pendingShadow[version, default: ShadowTally()].add(shadow) }
        for report in monitor.ingest(record) {
            let tally = pendingShadow.removeValue(forKey: report.version)
            windows.append(ReportWindow(report: report, shadow: tally))
        }
    }

    /// Adds an alerts stream entry (skipped unless it is an alert about this model).
    public mutating func addAlertEntry(_ message: StreamMessage) {
        guard let alert = DriftAlert(message), alert.model == model else { return }
        streamAlerts.append(alert)
    }

    /// Adds an alert event published by a running monitor.
    public mutating func add(streamAlert alert: DriftAlert) {
        guard alert.model == model else { return }
        streamAlerts.append(alert)
    }

    /// The report of everything added so far.
    public func build(source: String, generated: Date = Date()) -> MonitorReport {
        var references: [Int: ReferenceSummary] = [:]
        for version in Set(windows.map(\.report.version)) {
            if let statistics = publishedReference(model, version) {
                references[version] = ReferenceSummary(published: statistics, version: version)
            } else if let profile = monitor.references(model: model, version: version).first(where: {
                $0.kind != .previousVersion
            }) {
                references[version] = ReferenceSummary(profile: profile)
            }
        }
        let judged = windows.reduce(0) { $0 + $1.report.window.records }
        return MonitorReport(
            model: model,
            generated: generated,
            source: source,
            thresholds: monitor.configuration.thresholds(for: model),
            windowRecords: monitor.configuration.window.records,
            records: records,
            unjudgedRecords: Swift.max(0, records - judged),
            windows: windows,
            references: references,
            alerts: mergedAlerts()
        )
    }

    /// Stream alerts, then the replay's alerts that no stream alert already reports, ordered by the end of
    /// the window that decided them.
    private func mergedAlerts() -> [ReportAlert] {
        func key(_ alert: DriftAlert) -> String {
            [
                "\(alert.version)", alert.signal.rawValue, alert.reference.rawValue, alert.state.rawValue,
                "\(alert.window.startMicros)", "\(alert.window.endMicros)",
            ].joined(separator: "|")
        }
        let published = Set(streamAlerts.map(key))
        let replayed = windows.flatMap(\.report.alerts).filter { !published.contains(key($0)) }
        let all = streamAlerts.map { ReportAlert(alert: $0, source: .stream) } + replayed.map { ReportAlert(alert: $0, source: .replay) }
        return all.enumerated().sorted { a, b in
            (a.element.alert.window.endMicros, a.offset) < (b.element.alert.window.endMicros, b.offset)
        }.map(\.element)
    }
}
