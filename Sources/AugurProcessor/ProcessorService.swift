import AugurControl
import AugurModels
import AugurRESP
import AugurRedisClient
import AugurTelemetry
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The prediction daemon as a service: loads every model in the repository (`latest` policy), connects to
/// the broker and runs a `StreamProcessor` until graceful shutdown (SIGTERM/SIGINT through a
/// `ServiceGroup`), then finishes and acknowledges the batches in flight and returns.
public final class ProcessorService: Service, Sendable {
    /// How the daemon reaches the broker; reads, writes, the control stream and the inference log use one
    /// session each.
    public let broker: BrokerConnector
    /// Streams, group, consumer and batching.
    public let configuration: ProcessorConfiguration
    /// The models served; every model in its repository is loaded by `run()`.
    public let host: ModelHost
    /// Where inference log records go; nil keeps no log.
    public let inferenceLog: InferenceLogConfiguration?
    /// Counters and histograms of the requests; nil records none.
    public let metrics: ProcessorMetrics?
    /// Drift monitoring of this daemon's own requests; nil monitors none here (`augur monitor` can).
    public let monitor: DaemonMonitor?
    /// How often the group's pending count and lag are sampled for `metrics`, and the request stream is
    /// trimmed (see `ProcessorConfiguration.trimRequests`). Default: 5 s.
    public let statsInterval: Duration
    /// How often the daemon reports what it serves on the control stream, as a heartbeat. Default: 10 s.
    public let reportInterval: Duration
    private let logger: Logger
    private let ready = NIOLockedValueBox(false)

    /// Creates the service; nothing connects or loads until `run()`.
    public init(
        broker: BrokerConnector,
        configuration: ProcessorConfiguration = ProcessorConfiguration(),
        host: ModelHost,
        inferenceLog: InferenceLogConfiguration? = nil,
        metrics: ProcessorMetrics? = nil,
        monitor: DaemonMonitor? = nil,
        statsInterval: Duration = .seconds(5),
        reportInterval: Duration = .seconds(10),
        logger: Logger = Logger(label: "augur.processor")
    ) {
        self.reportInterval = reportInterval
        self.broker = broker
        self.configuration = configuration
        self.host = host
        self.inferenceLog = inferenceLog
        self.metrics = metrics
        self.monitor = monitor
        self.statsInterval = statsInterval
        self.logger = logger
    }

    /// Whether the daemon serves: its models are loaded, the operator's commands on the control stream are
    /// applied, and it has joined its group on the broker.
    public var isReady: Bool { ready.withLockedValue { $0 } }

    /// Loads the models, then processes requests until graceful shutdown or cancellation.
    public func run() async throws {
        try await loadModels()
        // A blocking read holds its session, so reads and writes each get their own; so does the
        // inference log, whose backlog must not queue in front of results.
        let reader = broker.session(named: "reader")
        let writer = broker.session(named: "writer")
        let logClient = broker.session(named: "log")
        // The control listener blocks on the control stream, so it reads on a connection of its own too.
        let controlReader = broker.session(named: "control")
        let control = ControlListener(
            reader: controlReader,
            writer: writer,
            host: host,
            configuration: ControlConfiguration(
                stream: configuration.controlStream, daemonName: configuration.consumerName, reportInterval: reportInterval),
            logger: logger
        )
        let log = inferenceLog.map { configuration in
            InferenceLog(configuration: configuration, sender: configuration.stream == nil ? nil : logClient, logger: logger)
        }
        let telemetry = ProcessorTelemetry(metrics: metrics, log: log, daemon: configuration.consumerName)
        let processor = StreamProcessor(
            reader: reader,
            writer: writer,
            planner: BatchPlanner(host: host, configuration: configuration),
            logger: logger,
            onDelivered: { [monitor] batch in
                telemetry.observe(batch)
                monitor?.observe(batch)
            }
        )
        defer { host.shutdown() }
        await withTaskGroup(of: Void.self) { background in
            background.addTask { await reader.run() }
            background.addTask { await writer.run() }
            background.addTask { await controlReader.run() }
            background.addTask { await self.host.run() }
            if let log {
                background.addTask { await logClient.run() }
                background.addTask { await log.run() }
            }
            if let monitor { background.addTask { await monitor.run(writer: writer) } }
            if metrics != nil || configuration.trimRequests {
                background.addTask { await self.maintain(using: writer) }
            }
            // Only the processing loop sees the shutdown: it stops reading, finishes the batches in flight and
            // acknowledges them while the connections it needs are still up; they close after it returns.
            await cancelWhenGracefulShutdown {
                await self.process(processor, control: control)
            }
            ready.withLockedValue { $0 = false }
            monitor?.finish()
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

    /// Creates the group and applies the control stream's history (retrying while the broker is not
    /// reachable yet, e.g. an embedded broker still starting), then runs the processing loop and follows the
    /// control stream until cancelled.
    private func process(_ processor: StreamProcessor, control: ControlListener) async {
        var attempt = 0
        while !Task.isCancelled {
            do {
                try await processor.prepare()
                try await control.replay()
                break
            } catch {
                if Task.isCancelled { return }
                attempt += 1
                if attempt == 1 || attempt % 10 == 0 {
                    logger.warning(
                        "cannot reach the broker yet; retrying",
                        metadata: ["server": "\(broker)", "error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        guard !Task.isCancelled else { return }
        ready.withLockedValue { $0 = true }
        logger.notice(
            "processing requests",
            metadata: [
                "server": "\(broker)", "stream": "\(configuration.requestStream)",
                "group": "\(configuration.group)", "consumer": "\(configuration.consumerName)",
            ])
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await control.follow() }
            // `run()` only throws if its first `prepare()` fails; then the loop starts over.
            while !Task.isCancelled {
                do {
                    try await processor.run()
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("processing failed; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .milliseconds(500))
                }
            }
            tasks.cancelAll()
        }
    }

    /// Every `statsInterval` until cancelled: samples the group's pending count and lag (XINFO GROUPS) into
    /// `metrics`, and trims what every group has acknowledged from the request stream.
    private func maintain(using sender: any RedisCommandSending) async {
        while !Task.isCancelled {
            // One XINFO GROUPS serves both the metrics and the trim.
            if let reply = try? await sender.send(RESPCommand("XINFO", "GROUPS", configuration.requestStream)) {
                let groups = GroupStatistics.all(xinfoGroups: reply)
                if let metrics, let stats = groups.first(where: { $0.name == configuration.group }) {
                    metrics.pending(stats.pending)
                    if let lag = stats.lag { metrics.consumerLag(lag) }
                }
                if configuration.trimRequests {
                    do {
                        _ = try await RequestStreamTrimming.trim(configuration.requestStream, groups: groups, using: sender)
                    } catch {
                        logger.debug("could not trim the request stream", metadata: ["error": "\(error)"])
                    }
                }
            }
            try? await Task.sleep(for: statsInterval)
        }
    }
}
