import AugurRedisClient
import Foundation
import Logging
import NIOCore

/// Publishes what a closed window found: each alert event as an entry on the alerts stream (trimmed to
/// about `alertsMaxLength`) and a log line, and PSI warnings as log lines. Shared by `MonitorService` and
/// the monitor that runs inside a daemon.
public struct WindowReportPublisher: Sendable {
    private let writer: any RedisCommandSending
    private let alertsStream: String
    private let alertsMaxLength: Int
    private let monitorConfiguration: MonitorConfiguration
    private let logger: Logger

    /// Creates a publisher writing through `writer`.
    public init(
        writer: any RedisCommandSending, alertsStream: String, alertsMaxLength: Int, monitor: MonitorConfiguration, logger: Logger
    ) {
        self.writer = writer
        self.alertsStream = alertsStream
        self.alertsMaxLength = alertsMaxLength
        self.monitorConfiguration = monitor
        self.logger = logger
    }

    /// Logs `report`'s warnings and publishes its alerts; throws when the alerts stream cannot be written.
    public func publish(_ report: WindowReport) async throws {
        let thresholds = monitorConfiguration.thresholds(for: report.model)
        logger.debug(
            "window closed",
            metadata: [
                "model": "\(report.model)", "version": "\(report.version)", "window": "\(report.window.index)",
                "records": "\(report.window.records)", "errors": "\(report.errors)",
                "max_psi":
                    "\(report.comparisons.map { "\($0.kind.rawValue)=\(DriftAlert.format($0.drifts.map(\.psi).max() ?? 0))" }.joined(separator: " "))",
            ]
        )
        for (kind, drift) in report.warnings(thresholds) where drift.breach(thresholds) == nil {
            logger.info(
                "drift warning: \(report.model) v\(report.version) \(drift.column) PSI \(DriftAlert.format(drift.psi)) against \(kind.rawValue) in window \(report.window.index)"
            )
        }
        for alert in report.alerts {
            var fields = alert.fields.map { (name: $0.name, value: ByteBuffer(string: $0.value)) }
            fields.append((name: "issued_ms", value: ByteBuffer(string: String(UInt64(Date().timeIntervalSince1970 * 1000)))))
            _ = try await writer.xadd(alertsStream, fields: fields, trim: .maxLength(alertsMaxLength))
            switch alert.state {
            case .firing: logger.warning("drift alert \(alert.summary)")
            case .resolved: logger.notice("drift alert \(alert.summary)")
            }
        }
    }
}
