import AugurModels
import AugurMonitor
import AugurRedisClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Drift monitoring inside the daemon, over the requests it answers itself: delivered batches are queued
/// (bounded; it never blocks predictions, and past the bound records are dropped and counted) and judged on
/// a task of their own, which publishes alerts on the alerts stream as `augur monitor` does. Windows are
/// count-based. It judges a share of the requests (`samplePercent`), evenly spread: distributions and their
/// drift are estimated as well from a sample, and decoding every request's JSON would cost the daemon far
/// more throughput.
public final class DaemonMonitor: Sendable {
    /// Windows, thresholds, where alerts go, and how much may wait.
    public struct Configuration: Sendable {
        /// Windows and thresholds. Default: `MonitorConfiguration()` (windows of 1,000 records).
        public var monitor: MonitorConfiguration
        /// The stream alert events go to. Default: `augur:alerts`.
        public var alertsStream: String
        /// The approximate length the alerts stream is trimmed to. Default: 10,000.
        public var alertsMaxLength: Int
        /// Records that may wait to be judged; more are dropped and counted. Default: 65,536.
        public var bufferCapacity: Int
        /// Percent (1…100) of the requests judged, every (100 / samplePercent)-th one. Default: 5.
        public var samplePercent: Int

        /// Creates a configuration with the documented defaults.
        public init(
            monitor: MonitorConfiguration = MonitorConfiguration(), alertsStream: String = "augur:alerts",
            alertsMaxLength: Int = 10_000, bufferCapacity: Int = 65_536, samplePercent: Int = 5
        ) {
            self.samplePercent = min(max(samplePercent, 1), 100)
            self.monitor = monitor
            self.alertsStream = alertsStream
            self.alertsMaxLength = alertsMaxLength
            self.bufferCapacity = bufferCapacity
        }
    }

    private struct Pending: Sendable {
        var model: String
        var version: Int?
        var outcome: String
        var timeMicros: UInt64
        var inputs: ByteBuffer?
        var outputs: [UInt8]?
    }

    private struct Queue {
        var items: [Pending] = []
        var dropped = 0
        /// Percent points accumulated since the last sampled request; a request is taken at 100.
        var credit = 0
    }

    /// The configuration in force.
    public let configuration: Configuration
    private let publishedReference: DriftMonitor.ReferenceLookup
    private let decoder: InferenceLogDecoder
    private let logger: Logger
    private let queue = NIOLockedValueBox(Queue())
    private let wakes: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// Creates a monitor; nothing is judged until `run(writer:)`.
    public init(
        configuration: Configuration = Configuration(),
        publishedReference: @escaping DriftMonitor.ReferenceLookup = { _, _ in nil },
        decoder: InferenceLogDecoder = InferenceLogDecoder(),
        logger: Logger
    ) {
        self.configuration = configuration
        self.publishedReference = publishedReference
        self.decoder = decoder
        self.logger = logger
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Records dropped because the queue was full.
    public var droppedCount: Int { queue.withLockedValue { $0.dropped } }

    /// Queues the batch's results for judging; never blocks.
    public func observe(_ batch: DeliveredBatch) {
        let capacity = configuration.bufferCapacity
        let percent = configuration.samplePercent
        queue.withLockedValue { queue in
            for result in batch.results {
                queue.credit += percent
                guard queue.credit >= 100 else { continue }
                queue.credit -= 100
                guard queue.items.count < capacity else {
                    queue.dropped += 1
                    continue
                }
                var outputs: [UInt8]?
                if case .outputs(let json) = result.outcome { outputs = json }
                queue.items.append(
                    Pending(
                        model: result.model, version: result.version, outcome: result.error?.code.rawValue ?? "ok",
                        timeMicros: batch.writtenMicros, inputs: result.inputs, outputs: outputs))
            }
        }
        wake.yield()
    }

    /// Judges queued records and publishes what closed windows find through `writer`, until cancelled.
    public func run(writer: any RedisCommandSending) async {
        var monitor = DriftMonitor(configuration: configuration.monitor, publishedReference: publishedReference)
        let publisher = WindowReportPublisher(
            writer: writer, alertsStream: configuration.alertsStream, alertsMaxLength: configuration.alertsMaxLength,
            monitor: configuration.monitor, logger: logger)
        for await _ in wakes {
            let items = queue.withLockedValue { queue -> [Pending] in
                defer { queue.items.removeAll(keepingCapacity: true) }
                return queue.items
            }
            var reports: [WindowReport] = []
            for item in items {
                let record = decoder.record(
                    model: item.model, version: item.version, outcome: item.outcome, timeMicros: item.timeMicros,
                    inputs: item.inputs.map { String(buffer: $0) }, outputs: item.outputs.map { String(decoding: $0, as: UTF8.self) })
                reports += monitor.ingest(record)
            }
            for report in reports {
                do {
                    try await publisher.publish(report)
                } catch {
                    logger.error("could not publish a drift alert", metadata: ["error": "\(error)"])
                }
            }
            if Task.isCancelled { break }
        }
    }

    /// Ends `run(writer:)` once what is queued has been judged.
    public func finish() {
        wake.finish()
    }
}
