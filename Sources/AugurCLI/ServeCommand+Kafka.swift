import ArgumentParser
import AugurModels
import AugurProcessor
import AugurTelemetry
import Logging
import ServiceLifecycle

#if AUGUR_KAFKA
    import AugurKafka
#endif

/// `augur serve`'s Kafka flags. They exist in every build so that a binary built without librdkafka says so
/// (`AUGUR_KAFKA` is defined by Package.swift when the Kafka transport is built; `canImport` would also see a
/// stale module left in .build by an earlier build with it).
struct KafkaServeOptions: ParsableArguments {
    @Option(name: .customLong("kafka"), help: "Serve over Kafka instead of the Redis-protocol broker: HOST:PORT[,HOST:PORT…].")
    var brokers: String?

    @Option(name: .customLong("kafka-option"), help: "A librdkafka setting key=value (repeatable), e.g. security.protocol=SASL_SSL.")
    var options: [String] = []

    @Option(name: .customLong("kafka-topic"), help: "Topic the requests arrive on.")
    var requestTopic = "augur.requests"

    @Option(name: .customLong("kafka-result-topic"), help: "Topic results go to when a request names no reply_to.")
    var resultTopic = "augur.results"

    @Option(name: .customLong("kafka-dead-letter-topic"), help: "Topic of requests whose results could not be delivered.")
    var deadLetterTopic = "augur.dead"

    @Option(name: .customLong("kafka-group"), help: "Consumer group every daemon joins. Default: --group.")
    var group: String?

    func validate() throws {
        guard let brokers else { return }
        #if AUGUR_KAFKA
            let servers = brokers.split(separator: ",").map(String.init)
            guard !servers.isEmpty, servers.allSatisfy({ $0.split(separator: ":").count == 2 && Int($0.split(separator: ":")[1]) != nil })
            else {
                throw ValidationError("--kafka must be HOST:PORT[,HOST:PORT…], not \(brokers)")
            }
            for option in options where KafkaOption(parsing: option) == nil {
                throw ValidationError("--kafka-option must be key=value, not \(option)")
            }
        #else
            throw ValidationError(
                "this augur was built without the Kafka transport: install librdkafka's headers (apt-get install librdkafka-dev) and rebuild, or set AUGUR_KAFKA=1 to insist"
            )
        #endif
    }
}

extension ServeCommand {
    /// Runs the daemon over Kafka (`--kafka`): the same models, batching, metrics endpoint and shutdown as over
    /// the Redis-protocol broker; the control stream and the inference log are not carried over Kafka yet.
    func runOverKafka(brokers: String) async throws {
        #if AUGUR_KAFKA
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
                kafka: KafkaClientConfiguration(
                    bootstrapServers: brokers.split(separator: ",").map(String.init),
                    options: kafka.options.compactMap(KafkaOption.init(parsing:))
                ),
                configuration: configuration,
                host: host,
                metrics: metrics,
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
