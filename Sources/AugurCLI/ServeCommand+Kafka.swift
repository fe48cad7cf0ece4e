import ArgumentParser
import AugurModels
import AugurProcessor
import AugurTelemetry
import Logging
import ServiceLifecycle

#if AUGUR_KAFKA
    import AugurKafka
#endif

/// `augur serve`'s Kafka flags: the connection, and the topics of the message contract.
struct KafkaServeOptions: ParsableArguments {
    @OptionGroup var connection: KafkaConnectionOptions

    @Option(name: .customLong("kafka-topic"), help: "Topic the requests arrive on.")
    var requestTopic = "augur.requests"

    @Option(name: .customLong("kafka-result-topic"), help: "Topic results go to when a request names no reply_to.")
    var resultTopic = "augur.results"

    @Option(name: .customLong("kafka-dead-letter-topic"), help: "Topic of requests whose results could not be delivered.")
    var deadLetterTopic = "augur.dead"

    @Option(name: .customLong("kafka-group"), help: "Consumer group every daemon joins. Default: --group.")
    var group: String?

    @Option(
        name: .customLong("kafka-control-topic"),
        help: "Topic of operator commands and daemon reports (one partition; created if missing); \"\" for none."
    )
    var controlTopic = "augur.control"

    @Option(name: .customLong("kafka-log-topic"), help: "Topic of inference log records; \"\" for none (--log-file still works).")
    var logTopic = "augur.log"

    /// The inference log over Kafka: `telemetry`'s mode, file and buffer, with `logTopic` for the stream.
    func inferenceLog(_ telemetry: TelemetryOptions) -> InferenceLogConfiguration? {
        let topic = logTopic.isEmpty ? nil : logTopic
        guard topic != nil || telemetry.logFile != nil else { return nil }
        return InferenceLogConfiguration(
            mode: InferencePayloadMode(rawValue: telemetry.payloadMode) ?? .full,
            stream: topic,
            filePath: telemetry.logFile,
            fileMaxBytes: telemetry.logFileMaxMegabytes * 1024 * 1024,
            fileKeep: telemetry.logFileKeep,
            bufferCapacity: telemetry.logBuffer
        )
    }
}

extension ServeCommand {
    /// Runs the daemon over Kafka (`--kafka`): the same models, batching, metrics endpoint and shutdown as over
    /// the Redis-protocol broker; operator commands come on the control topic, the inference log goes to the
    /// log topic (and/or `--log-file`).
    func runOverKafka() async throws {
        #if AUGUR_KAFKA
            guard let kafkaConfiguration = kafka.connection.configuration else { return }
            CommandLogging.bootstrapStandardError(level: Logger.Level(rawValue: logLevel) ?? .notice)
            let logger = Logger(label: "augur.serve")
            let registry = telemetry.metricsPort.map { _ in MetricsBootstrap.prometheus() }
            let metrics = registry.map { _ in ProcessorMetrics() }
            let host = ModelHost(
                repository: repositoryOptions.repository,
                logger: Logger(label: "augur.models"),
                onEvent: { event in metrics.map { Self.record(event, into: $0) } }
            )
            var configuration = processing.configuration
            configuration.requestStream = kafka.requestTopic
            configuration.resultStream = kafka.resultTopic
            configuration.deadLetterStream = kafka.deadLetterTopic
            if let group = kafka.group { configuration.group = group }
            let service = KafkaProcessorService(
                kafka: kafkaConfiguration,
                configuration: configuration,
                host: host,
                metrics: metrics,
                control: kafka.controlTopic.isEmpty ? nil : KafkaControlConfiguration(topic: kafka.controlTopic),
                inferenceLog: kafka.inferenceLog(telemetry),
                logger: logger
            )
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)
            ]
            if let registry, let port = telemetry.metricsPort {
                let endpoint = MetricsServer(
                    host: telemetry.metricsHost,
                    port: port,
                    registry: registry,
                    readiness: { service.isReady },
                    logger: Logger(label: "augur.metrics")
                )
                services.append(.init(service: endpoint))
            }
            let group = ServiceGroup(
                configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            )
            try await group.run()
        #else
            throw ValidationError("this augur was built without the Kafka transport (see --kafka)")
        #endif
    }
}
