import AugurModels
import AugurRedisClient
import Foundation
import Logging
import NIOCore

/// Runs the monitor core over the inference log stream: reads records (XREAD from a position, or
/// XREADGROUP in a consumer group with XACK after each batch), closes windows, publishes alert events on
/// the alerts stream and logs them.
///
/// Reads block, so the reader must be a connection of its own; alerts go out through `writer`.
public struct MonitorService: Sendable {
    private let reader: any RedisCommandSending
    private let writer: any RedisCommandSending
    private let configuration: MonitorStreamConfiguration
    private let monitorConfiguration: MonitorConfiguration
    private let publishedReference: DriftMonitor.ReferenceLookup
    private let decoder: InferenceLogDecoder
    private let logger: Logger
    private let onReport: @Sendable (WindowReport) -> Void

    /// Creates a service; `onReport` sees every closed window (for metrics or a live view).
    public init(
        reader: any RedisCommandSending,
        writer: any RedisCommandSending,
        configuration: MonitorStreamConfiguration = MonitorStreamConfiguration(),
        monitor: MonitorConfiguration = MonitorConfiguration(),
        publishedReference: @escaping DriftMonitor.ReferenceLookup = { _, _ in nil },
        decoder: InferenceLogDecoder = InferenceLogDecoder(),
        logger: Logger,
        onReport: @escaping @Sendable (WindowReport) -> Void = { _ in }
    ) {
        self.reader = reader
        self.writer = writer
        self.configuration = configuration
        self.monitorConfiguration = monitor
        self.publishedReference = publishedReference
        self.decoder = decoder
        self.logger = logger
        self.onReport = onReport
    }

    /// Reads and judges records until the task is cancelled; broker errors are logged and retried.
    public func run() async {
        var monitor = DriftMonitor(configuration: monitorConfiguration, publishedReference: publishedReference)
        var position = configuration.start.id
        var groupReady = false
        while !Task.isCancelled {
            do {
                if let group = configuration.group, !groupReady {
                    try await reader.xgroupCreate(
                        configuration.logStream,
                        group: group,
                        id: configuration.start.id,
                        mkstream: true,
                        ignoreExisting: true
                    )
                    groupReady = true
                }
                let messages = try await read(after: position)
                if let last = messages.last { position = last.id.description }
                var reports: [WindowReport] = []
                for message in messages {
                    guard let record = decoder.decode(message) else { continue }
                    reports += monitor.ingest(record)
                }
                if messages.isEmpty {
                    reports += monitor.closeExpiredWindows(nowMicros: UInt64(Date().timeIntervalSince1970 * 1_000_000))
                }
                for report in reports { try await publish(report) }
                if let group = configuration.group, !messages.isEmpty {
                    _ = try await reader.xack(configuration.logStream, group: group, ids: messages.map(\.id))
                }
            } catch is CancellationError {
                break
            } catch {
                guard !Task.isCancelled else { break }
                logger.error(
                    "monitor cannot read \(configuration.logStream) or write \(configuration.alertsStream); retrying",
                    metadata: ["error": "\(error)"]
                )
                try? await Task.sleep(for: configuration.retryDelay)
            }
        }
    }

    private func read(after position: String) async throws -> [StreamMessage] {
        let streams: [StreamMessages]
        if let group = configuration.group {
            streams = try await reader.xreadgroup(
                group: group,
                consumer: configuration.consumer,
                count: configuration.batch,
                block: configuration.block,
                streams: [(configuration.logStream, ">")]
            )
        } else {
            streams = try await reader.xread(
                streams: [(configuration.logStream, position)],
                count: configuration.batch,
                block: configuration.block
            )
        }
        return streams.flatMap(\.messages)
    }

    private func publish(_ report: WindowReport) async throws {
        onReport(report)
        try await WindowReportPublisher(
            writer: writer, alertsStream: configuration.alertsStream, alertsMaxLength: configuration.alertsMaxLength,
            monitor: monitorConfiguration, logger: logger
        ).publish(report)
    }
}
