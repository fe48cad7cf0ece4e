import ArgumentParser
import AugurBroker
import AugurModels
import AugurMonitor
import AugurProcessor
import AugurRedisClient
import Logging
import AugurTelemetry
import ServiceLifecycle

/// `augur serve`: answers prediction requests from a Redis stream until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answers prediction requests from the request stream with every model in the repository.",
        discussion: """
            Requests are stream entries (XADD augur:requests * id ID model NAME inputs JSON [reply_to STREAM]); \
            results go to reply_to (default augur:results). --embedded-broker also runs the built-in broker \
            in this process. SIGTERM/SIGINT stop reading, finish and acknowledge the batch in hand, and exit.
            """
    )

    @Option(help: "The broker, redis://HOST:PORT (ignored with --embedded-broker, which uses --broker-port).")
    var broker = "redis://127.0.0.1:6399"

    @Option(help: "Password for the broker (with --embedded-broker: the password it requires).")
    var password: String?

    @OptionGroup var repositoryOptions: ModelRepositoryOptions

    @OptionGroup(title: "Streams and batching") var processing: ProcessingOptions

    @OptionGroup(title: "Metrics and inference log") var telemetry: TelemetryOptions

    @OptionGroup(title: "Kafka") var kafka: KafkaServeOptions

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning or error. Default notice.")
    var logLevel = "notice"

    @Flag(name: .customLong("embedded-broker"), help: "Also run the built-in broker in this process.")
    var embeddedBroker = false

    @Option(name: .customLong("broker-config"), help: "Configuration file of the embedded broker (see brokerconf/broker.conf).")
    var brokerConfig: String?

    @Option(name: .customLong("broker-port"), help: "Port of the embedded broker. Default 6399.")
    var brokerPort: Int?

    @Option(name: .customLong("data-dir"), help: "Data directory of the embedded broker. Default ./augur-data.")
    var dataDir: String?

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if !embeddedBroker { _ = try BrokerAddress(parsing: broker) }
        if let brokerPort, !(1...65535).contains(brokerPort) {
            throw ValidationError("--broker-port must be 1…65535 (the processor has to know it)")
        }
    }

    func run() async throws {
        if kafka.connection.brokers != nil { return try await runOverKafka() }
        CommandLogging.bootstrapStandardError(level: Logger.Level(rawValue: logLevel) ?? .notice)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        let broker: BrokerConnector
        if embeddedBroker {
            let brokerServer = BrokerServer(configuration: try makeBrokerConfiguration(), logger: Logger(label: "augur.broker"))
            // The processor works on the broker in this process directly: no socket, no RESP in between.
            broker = brokerServer.inProcessConnector
            // Started first so it stops last: the processor acknowledges its last batch before the broker goes.
            services.append(.init(service: brokerServer, successTerminationBehavior: .gracefullyShutdownGroup))
        } else {
            let address = try BrokerAddress(parsing: self.broker)
            var clientLogger = Logger(label: "augur.processor")
            // Reconnect attempts are reported once by the processor, not per attempt by each client.
            clientLogger.logLevel = .error
            broker = .network(
                RedisConnection.Configuration(host: address.host, port: address.port, password: password, clientName: "augur-serve"),
                logger: clientLogger)
        }
        let logger = Logger(label: "augur.serve")
        let registry = telemetry.metricsPort.map { _ in MetricsBootstrap.prometheus() }
        let metrics = registry.map { _ in ProcessorMetrics() }
        let host = ModelHost(
            repository: repositoryOptions.repository, logger: Logger(label: "augur.models"),
            onEvent: { event in metrics.map { Self.record(event, into: $0) } })
        let repository = repositoryOptions.repository
        let monitor =
            telemetry.monitor
            ? DaemonMonitor(
                configuration: .init(
                    monitor: MonitorConfiguration(window: WindowPolicy(records: telemetry.monitorWindow)),
                    alertsStream: telemetry.alertsStream, samplePercent: telemetry.monitorSample),
                publishedReference: { model, version in try? repository.manifest(name: model, version: version).reference },
                decoder: InferenceLogDecoder(inputNames: MonitorRunCommand.singleInputNames(repository)),
                logger: Logger(label: "augur.monitor")) : nil
        let processor = ProcessorService(
            broker: broker, configuration: processing.configuration, host: host, inferenceLog: telemetry.inferenceLog,
            metrics: metrics, monitor: monitor, logger: logger)
        services.append(.init(service: processor, successTerminationBehavior: .gracefullyShutdownGroup))
        if let registry, let port = telemetry.metricsPort {
            let endpoint = MetricsServer(
                host: telemetry.metricsHost, port: port, registry: registry, readiness: { processor.isReady },
                logger: Logger(label: "augur.metrics"))
            services.append(.init(service: endpoint))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension ServeCommand {
    /// Counts model loads and swaps.
    static func record(_ event: ModelHostEvent, into metrics: ProcessorMetrics) {
        switch event {
        case .loaded(let model, let version, _, _): metrics.modelLoaded(model: model, version: version, ok: true)
        case .loadFailed(let model, let version, _): metrics.modelLoaded(model: model, version: version, ok: false)
        case .swapped(let model, _, let version): metrics.modelSwapped(model: model, version: version)
        case .loadStarted, .released, .unloaded: break
        }
    }

    /// The embedded broker's settings: defaults, then --broker-config, then the flags.
    func makeBrokerConfiguration() throws -> BrokerConfiguration {
        let configuration = try BrokerConfiguration.resolve(
            file: brokerConfig,
            flags: [
                BrokerFlag(flag: "--broker-port", directive: "port", value: brokerPort.map(String.init)),
                BrokerFlag(flag: "--data-dir", directive: "dir", value: dataDir),
                BrokerFlag(flag: "--password", directive: "requirepass", value: password),
                BrokerFlag(flag: "--log-level", directive: "loglevel", value: logLevel),
            ]
        )
        guard configuration.port != 0 else {
            throw ValidationError("the embedded broker needs a fixed port, not 0, so producers can reach it")
        }
        return configuration
    }
}

/// A `redis://HOST:PORT` broker address.
struct BrokerAddress {
    var host: String
    var port: Int

    init(parsing text: String) throws {
        var rest = Substring(text)
        if rest.hasPrefix("redis://") { rest = rest.dropFirst("redis://".count) }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let host = parts.first, !host.isEmpty else {
            throw ValidationError("--broker must look like redis://HOST:PORT, not \(text)")
        }
        self.host = String(host)
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65535).contains(port) else {
                throw ValidationError("--broker has a bad port in \(text); use redis://HOST:PORT")
            }
            self.port = port
        } else {
            self.port = 6379
        }
    }
}
