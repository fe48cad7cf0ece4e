import AugurModels
import AugurRedisClient
import Logging
import ServiceLifecycle

/// The prediction daemon as a service: loads every model in the repository (`latest` policy), connects to
/// the broker and runs a `StreamProcessor` until graceful shutdown (SIGTERM/SIGINT through a
/// `ServiceGroup`), then finishes and acknowledges the batch in hand and returns.
public final class ProcessorService: Service, Sendable {
    /// The broker's address and credentials; reads and writes use one connection each.
    public let server: RedisConnection.Configuration
    /// Streams, group, consumer and batching.
    public let configuration: ProcessorConfiguration
    /// The models served; every model in its repository is loaded by `run()`.
    public let host: ModelHost
    private let logger: Logger

    /// Creates the service; nothing connects or loads until `run()`.
    public init(
        server: RedisConnection.Configuration,
        configuration: ProcessorConfiguration = ProcessorConfiguration(),
        host: ModelHost,
        logger: Logger = Logger(label: "augur.processor")
    ) {
        self.server = server
        self.configuration = configuration
        self.host = host
        self.logger = logger
    }

    /// Loads the models, then processes requests until graceful shutdown or cancellation.
    public func run() async throws {
        try await loadModels()
        // A blocking read holds its connection, so reads and writes each get their own. Their per-attempt
        // reconnect warnings would repeat what `process` already reports, twice over.
        var clientLogger = logger
        clientLogger.logLevel = max(logger.logLevel, .error)
        let reader = RedisClient(configuration: .init(connection: server), logger: clientLogger)
        let writer = RedisClient(configuration: .init(connection: server), logger: clientLogger)
        let processor = StreamProcessor(
            reader: reader,
            writer: writer,
            planner: BatchPlanner(host: host, configuration: configuration),
            logger: logger
        )
        defer { host.shutdown() }
        await withTaskGroup(of: Void.self) { background in
            background.addTask { await reader.run() }
            background.addTask { await writer.run() }
            background.addTask { await self.host.run() }
            // Only the processing loop sees the shutdown: it stops reading, finishes the batch in hand and
            // acknowledges it while the connections it needs are still up; they close after it returns.
            await cancelWhenGracefulShutdown {
                await self.process(processor)
            }
            background.cancelAll()
        }
        logger.notice("processor stopped", metadata: ["consumer": "\(configuration.consumerName)"])
    }

    /// Serves the newest version of each model in the repository.
    func loadModels() async throws {
        let names = try host.repository.modelNames()
        if names.isEmpty {
            logger.warning(
                "no models in the repository; every request will fail with unknown_model",
                metadata: ["models": "\(host.repository.directory)"])
        }
        for name in names {
            let loaded = try await host.serve(name, policy: .latest)
            logger.notice("serving model", metadata: ["model": "\(name)", "version": "\(loaded.version)"])
        }
    }

    /// Creates the group (retrying while the broker is not reachable yet, e.g. an embedded broker still
    /// starting), then runs the processing loop until cancelled.
    private func process(_ processor: StreamProcessor) async {
        var attempt = 0
        while !Task.isCancelled {
            do {
                try await processor.prepare()
                break
            } catch {
                if Task.isCancelled { return }
                attempt += 1
                if attempt == 1 || attempt % 10 == 0 {
                    logger.warning(
                        "cannot reach the broker yet; retrying",
                        metadata: ["server": "\(server.host):\(server.port)", "error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        guard !Task.isCancelled else { return }
        logger.notice(
            "processing requests",
            metadata: [
                "server": "\(server.host):\(server.port)", "stream": "\(configuration.requestStream)",
                "group": "\(configuration.group)", "consumer": "\(configuration.consumerName)",
            ])
        // `run()` only throws if its first `prepare()` fails; then the loop starts over.
        while !Task.isCancelled {
            do {
                try await processor.run()
            } catch {
                if Task.isCancelled { return }
                logger.warning("processing failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
