import ArgumentParser
import AugurBroker
import Logging
import ServiceLifecycle

/// `augur broker`: runs the Redis-protocol stream broker until SIGTERM, SIGINT or SHUTDOWN.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Runs the Redis-protocol (RESP2/RESP3) stream broker.",
        discussion: """
            Settings come from the defaults, then the --config file (Redis-style directives, documented in \
            brokerconf/broker.conf), then the flags below, which win.
            """
    )

    @Option(help: "Configuration file with Redis-style directives (see brokerconf/broker.conf).")
    var config: String?

    @Option(help: "TCP port to listen on; 0 picks a free one. Default 6399.")
    var port: Int?

    @Option(help: "Address to listen on. Default 127.0.0.1.")
    var bind: String?

    @Option(name: .customLong("data-dir"), help: "Directory of the append-only log. Default ./augur-data.")
    var dataDir: String?

    @Option(help: "When the log is fsync'd: always, everysec or no. Default everysec.")
    var appendfsync: String?

    @Option(help: "Password of the default user; clients must AUTH with it.")
    var requirepass: String?

    @Option(help: "Most simultaneous clients. Default 10000.")
    var maxclients: Int?

    @Option(help: "Idle seconds before a client is closed; 0 never. Default 0.")
    var timeout: Int?

    @Option(name: .customLong("log-level"), help: "debug, verbose, notice or warning (also trace, info, error). Default notice.")
    var logLevel: String?

    @Option(name: .customLong("set"), help: "Any configuration directive, e.g. --set 'client-output-pause 4mb' (repeatable).")
    var directives: [String] = []

    func run() async throws {
        let configuration = try makeConfiguration()
        CommandLogging.bootstrapStandardError(level: configuration.logLevel)
        let logger = Logger(label: "augur.broker")
        let server = BrokerServer(configuration: configuration, logger: logger)
        // SHUTDOWN makes the server return on its own; that is a normal end, not a failure.
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    /// Defaults, then the file, then the flags.
    func makeConfiguration() throws -> BrokerConfiguration {
        var configuration = try BrokerConfiguration.resolve(
            file: config,
            flags: [
                BrokerFlag(flag: "--port", directive: "port", value: port.map(String.init)),
                BrokerFlag(flag: "--bind", directive: "bind", value: bind),
                BrokerFlag(flag: "--data-dir", directive: "dir", value: dataDir),
                BrokerFlag(flag: "--appendfsync", directive: "appendfsync", value: appendfsync),
                BrokerFlag(flag: "--requirepass", directive: "requirepass", value: requirepass),
                BrokerFlag(flag: "--maxclients", directive: "maxclients", value: maxclients.map(String.init)),
                BrokerFlag(flag: "--timeout", directive: "timeout", value: timeout.map(String.init)),
                BrokerFlag(flag: "--log-level", directive: "loglevel", value: logLevel),
            ]
        )
        for line in directives {
            try configuration.apply(fileContents: line, fileName: "--set")
        }
        return configuration
    }
}
