import AugurControl
import AugurModels
import AugurProcessor
import AugurTelemetry
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The prediction daemon over Kafka: joins the consumer group on the request topic, runs each batch through
/// the same `BatchPlanner` as the Redis transport, produces every result to its `reply_to` topic with an
/// idempotent producer and commits a batch's offsets only once every one of its results is delivered, so a
/// crash means redelivery, never loss (see `KafkaMessageContract` for the mapping).
///
/// Topic names come from `ProcessorConfiguration`: `requestStream` is the request topic, `resultStream` the
/// default result topic, `deadLetterStream` the dead-letter topic, `group` the consumer group. A result that
/// cannot be delivered in `maxDeliveries` attempts (`KafkaClientConfiguration.retryBackoff` apart) is
/// dead-lettered: the request goes to the dead-letter topic with the reason, and its offset is committed.
public final class KafkaProcessorService: Service, Sendable {
    /// Brokers and librdkafka settings.
    public let kafka: KafkaClientConfiguration
    /// Topics, group, batching and worker threads.
    public let configuration: ProcessorConfiguration
    /// The models served; every model in its repository is loaded by `run()`.
    public let host: ModelHost
    /// Counters and histograms of the requests; nil records none.
    public let metrics: ProcessorMetrics?
    /// The control topic the daemon follows and reports on; nil follows none.
    public let control: KafkaControlConfiguration?
    /// The inference log; its `stream` names the Kafka topic (nil: only the file, if any); nil keeps no log.
    public let inferenceLog: InferenceLogConfiguration?
    private let logger: Logger
    private let ready = NIOLockedValueBox(false)

    /// Creates the service; nothing connects or loads until `run()`.
    public init(
        kafka: KafkaClientConfiguration,
        configuration: ProcessorConfiguration,
        host: ModelHost,
        metrics: ProcessorMetrics? = nil,
        control: KafkaControlConfiguration? = KafkaControlConfiguration(),
        inferenceLog: InferenceLogConfiguration? = nil,
        logger: Logger = Logger(label: "augur.kafka")
    ) {
        self.control = control
        self.inferenceLog = inferenceLog
        self.kafka = kafka
        self.configuration = configuration
        self.host = host
        self.metrics = metrics
        self.logger = logger
    }

    /// Whether the daemon serves: models loaded, the control topic's commands applied, subscribed to the
    /// request topic.
    public var isReady: Bool { ready.withLockedValue { $0 } }

    /// Loads the models, then answers requests until graceful shutdown; finishes the batches in flight,
    /// commits their offsets and leaves the group before returning. Throws when librdkafka refuses the
    /// settings or hits a fatal error.
    public func run() async throws {
        try await loadModels()
        let logger = self.logger
        let name = configuration.consumerName
        var listener: KafkaControlListener?
        if let control {
            // Commands on the control topic decide what serves, so they are applied before the daemon is ready.
            listener = try await KafkaControlListener.start(kafka, control, host: host, daemon: name, logger: logger)
            if listener == nil {
                host.shutdown()
                return
            }
        }
        var sink: KafkaLogSink?
        if let topic = inferenceLog?.stream {
            do {
                sink = try await KafkaLogSink.open(kafka: kafka, topic: topic, clientID: "\(name)-log", logger: logger)
            } catch {
                await listener?.close()
                throw error
            }
        }
        let log = inferenceLog.map { InferenceLog(configuration: $0, sink: sink, logger: logger) }
        let tracker = NIOLockedValueBox(OffsetTracker())
        let consumerCallbacks = KafkaClientCallbacks(
            logger: logger,
            onRevoke: { partitions, lost in
                let abandoned = tracker.withLockedValue { tracker in
                    partitions.reduce(0) { $0 + tracker.revoke(topic: $1.topic, partition: $1.partition) }
                }
                logger.notice(
                    "partitions revoked; their requests still in flight are answered but not committed here (the new owner re-reads them)",
                    metadata: [
                        "partitions": "\(KafkaClientCallbacks.describe(partitions))", "lost": "\(lost)",
                        "in_flight": "\(abandoned)",
                    ]
                )
            }
        )
        let consumer = try KafkaConsumerClient(
            settings: KafkaConsumerClient.settings(configuration: kafka, group: configuration.group, clientID: name),
            callbacks: consumerCallbacks
        )
        let producer = try KafkaProducerClient(
            settings: KafkaProducerClient.settings(configuration: kafka, clientID: name),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        do {
            try consumer.subscribe([configuration.requestStream])
        } catch {
            await producer.shutdown(timeoutMilliseconds: 0)
            await listener?.close()
            await sink?.close()
            throw error
        }
        let loop = KafkaBatchLoop(
            consumer: consumer,
            producer: producer,
            tracker: tracker,
            kafka: kafka,
            planner: BatchPlanner(host: host, configuration: configuration),
            telemetry: ProcessorTelemetry(metrics: metrics, log: log, daemon: name),
            logger: logger
        )
        defer { host.shutdown() }
        ready.withLockedValue { $0 = true }
        logger.notice(
            "processing requests from Kafka",
            metadata: [
                "brokers": "\(kafka.bootstrapServers.joined(separator: ","))", "topic": "\(configuration.requestStream)",
                "group": "\(configuration.group)", "consumer": "\(name)",
            ]
        )
        let failure = await withTaskGroup(of: Void.self) { background in
            background.addTask { await self.host.run() }
            if let listener { background.addTask { await listener.listener.follow() } }
            if let log { background.addTask { await log.run() } }
            let failure = await cancelWhenGracefulShutdown { await loop.run() }
            ready.withLockedValue { $0 = false }
            // The batches still in flight are finished while the log still runs, so their records are written too.
            await loop.finish()
            background.cancelAll()
            return failure
        }
        await listener?.close()
        await sink?.close()
        logger.notice("processor stopped", metadata: ["consumer": "\(name)"])
        if let failure { throw failure }
    }

    /// Serves the newest version of each model in the repository.
    private func loadModels() async throws {
        let names = try host.repository.modelNames()
        if names.isEmpty {
            logger.warning(
                "no models in the repository; every request will fail with unknown_model",
                metadata: ["models": "\(host.repository.directory)"]
            )
        }
        for name in names {
            let loaded = try await host.serve(name, policy: .latest)
            logger.notice("serving model", metadata: ["model": "\(name)", "version": "\(loaded.version)"])
        }
    }
}
