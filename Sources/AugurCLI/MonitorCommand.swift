import ArgumentParser
import AugurModels
import AugurMonitor
import AugurRedisClient
import AugurTelemetry
import Logging
import ServiceLifecycle

/// `augur monitor`: the drift monitor (`run`, the default, so `augur monitor FLAGS` still runs it), its
/// HTML report and its live terminal view.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Watches the inference log for drift (run, the default), reports on it as HTML (report), or shows live traffic (top).",
        subcommands: [MonitorRunCommand.self, MonitorReportCommand.self, MonitorTopCommand.self],
        defaultSubcommand: MonitorRunCommand.self
    )
}

/// `augur monitor run` (or plain `augur monitor`): watches the inference log stream for drift and
/// publishes alerts, as its own process.
struct MonitorRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watches the inference log for feature and prediction drift and publishes alerts.",
        discussion: """
            Reads inference log records (augur serve --inference-log full) from the log stream, groups them \
            into windows per model version (--window records, or --window-seconds, whichever closes first; \
            tumbling, or sliding with --window-panes), \
            and compares each window with the version's reference statistics from the model repository \
            (augur model publish --reference; without them, the version's first --live-reference records) \
            and with the last window of the version served before it. Statistics: PSI (--psi-warn, \
            --psi-alert), two-sample Kolmogorov-Smirnov for numbers, chi-squared for classes (both at \
            --alpha), out-of-range and missing shares for features. An alert is one entry on the alerts \
            stream when it starts firing (state=firing, with the top drifting features) and one when it \
            clears (state=resolved), plus a log line; it is not repeated while the condition holds. \
            SIGTERM/SIGINT stop it.
            """
    )

    @OptionGroup var streams: MonitorStreamOptions

    @Option(help: "Where to start without --group: latest (new records only), beginning, or an entry id.")
    var from = "latest"

    @Option(help: "Read through this consumer group (e.g. augur-monitor) to resume after a restart.")
    var group: String?

    @Option(help: "Consumer name within --group.")
    var consumer = "monitor"

    @OptionGroup var judgement: DriftJudgementOptions

    @Option(name: .customLong("window-seconds"), help: "Also close a window this many seconds after its first record.")
    var windowSeconds: Double?

    @Option(
        name: .customLong("window-panes"),
        help: "Slide windows by a PANES-th of themselves: judge the last window every window/PANES records (1: tumbling)."
    )
    var windowPanes = 1

    @Option(name: .customLong("model-thresholds"), help: "Per-model thresholds, NAME:psi-warn=W,psi-alert=A,alpha=P (repeatable).")
    var modelThresholds: [String] = []

    @OptionGroup var repositoryOptions: ModelRepositoryOptions

    @Option(name: .customLong("metrics-port"), help: "Serve Prometheus metrics (drift alerts, largest PSI per signal) on this port.")
    var metricsPort: Int?

    @Option(name: .customLong("metrics-host"), help: "Address the metrics endpoint listens on.")
    var metricsHost = "0.0.0.0"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning or error. Default notice.")
    var logLevel = "notice"

    func validate() throws {
        _ = try BrokerAddress(parsing: streams.broker)
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard windowPanes >= 1, windowPanes <= judgement.window else {
            throw ValidationError("--window-panes must be between 1 and --window")
        }
        if let windowSeconds, !(windowSeconds > 0 && windowSeconds.isFinite) {
            throw ValidationError("--window-seconds must be a positive number of seconds")
        }
        if let metricsPort, !(0...65535).contains(metricsPort) { throw ValidationError("--metrics-port must be 0…65535") }
        _ = try parsedModelThresholds(base: DriftThresholds())
    }

    func run() async throws {
        CommandLogging.bootstrapStandardError(level: Logger.Level(rawValue: logLevel) ?? .notice)
        let logger = Logger(label: "augur.monitor")
        let address = try BrokerAddress(parsing: streams.broker)
        func client(_ name: String) -> RedisClient {
            RedisClient(
                configuration: RedisClient.Configuration(
                    connection: RedisConnection.Configuration(
                        host: address.host,
                        port: address.port,
                        password: streams.password,
                        clientName: name,
                        commandTimeout: .seconds(30)
                    )
                ),
                logger: logger
            )
        }
        let reader = client("augur-monitor-reader")
        let writer = client("augur-monitor-writer")
        let thresholds = judgement.thresholds
        let monitor = MonitorConfiguration(
            window: WindowPolicy(records: judgement.window, seconds: windowSeconds, panes: windowPanes),
            thresholds: thresholds,
            modelThresholds: try parsedModelThresholds(base: thresholds),
            liveReferenceRecords: judgement.liveReference
        )
        let repository = repositoryOptions.repository
        let start: MonitorStreamConfiguration.StartPosition =
            switch from {
            case "latest", "$": .latest
            case "beginning", "0": .beginning
            default: .after(from)
            }
        let registry = metricsPort.map { _ in MetricsBootstrap.prometheus() }
        let metrics = registry.map { _ in MonitorMetrics() }
        let service = MonitorService(
            reader: reader,
            writer: writer,
            configuration: MonitorStreamConfiguration(
                logStream: streams.logStream,
                alertsStream: streams.alertsStream,
                start: start,
                group: group,
                consumer: consumer
            ),
            monitor: monitor,
            publishedReference: { model, version in try? repository.manifest(name: model, version: version).reference },
            decoder: InferenceLogDecoder(inputNames: Self.singleInputNames(repository)),
            logger: logger,
            onReport: { report in metrics?.record(report) }
        )
        logger.notice(
            "monitoring \(streams.logStream) into \(streams.alertsStream): windows of \(judgement.window) records\(windowSeconds.map { " or \($0) s" } ?? ""), PSI warn \(thresholds.psiWarn) alert \(thresholds.psiAlert)"
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(
                service: MonitorProcess(reader: reader, writer: writer, service: service),
                successTerminationBehavior: .gracefullyShutdownGroup
            )
        ]
        if let registry, let metricsPort {
            services.append(
                .init(
                    service: MetricsServer(
                        host: metricsHost,
                        port: metricsPort,
                        registry: registry,
                        readiness: { true },
                        logger: Logger(label: "augur.metrics")
                    )
                )
            )
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }

    /// `NAME:psi-warn=W,psi-alert=A,alpha=P` entries, each starting from the global thresholds.
    func parsedModelThresholds(base: DriftThresholds) throws -> [String: DriftThresholds] {
        var result: [String: DriftThresholds] = [:]
        for entry in modelThresholds {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--model-thresholds must look like NAME:psi-alert=0.3,psi-warn=0.15, not \(entry)")
            }
            var thresholds = result[String(parts[0])] ?? base
            for setting in parts[1].split(separator: ",") {
                let pair = setting.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, let value = Double(pair[1]), value > 0 else {
                    throw ValidationError("--model-thresholds: \(setting) is not KEY=POSITIVE_NUMBER")
                }
                switch pair[0] {
                case "psi-warn": thresholds.psiWarn = value
                case "psi-alert": thresholds.psiAlert = value
                case "alpha": thresholds.alpha = value
                default: throw ValidationError("--model-thresholds: unknown key \(pair[0]); use psi-warn, psi-alert or alpha")
                }
            }
            result[String(parts[0])] = thresholds
        }
        return result
    }

    /// The input name of each single-input model (latest version), for requests that send bare rows.
    static func singleInputNames(_ repository: ModelRepository) -> [String: String] {
        var names: [String: String] = [:]
        for model in (try? repository.modelNames()) ?? [] {
            guard let version = try? repository.latestVersion(of: model),
                let manifest = try? repository.manifest(name: model, version: version), manifest.inputs.count == 1
            else { continue }
            names[model] = manifest.inputs[0].name
        }
        return names
    }
}

/// The monitor and its two broker clients (blocking reads need a connection of their own) as one service.
struct MonitorProcess: Service {
    let reader: RedisClient
    let writer: RedisClient
    let service: MonitorService

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await reader.run() }
                group.addTask { await writer.run() }
                group.addTask { await service.run() }
                await group.next()
                group.cancelAll()
            }
        }
    }
}

/// Where the monitor commands read: the broker and the inference log and alerts streams.
struct MonitorStreamOptions: ParsableArguments {
    @Option(help: "The broker, redis://HOST:PORT.")
    var broker = "redis://127.0.0.1:6399"

    @Option(help: "Password for the broker.")
    var password: String?

    @Option(name: .customLong("log-stream"), help: "The inference log stream.")
    var logStream = "augur:log"

    @Option(name: .customLong("alerts-stream"), help: "The stream of drift alerts.")
    var alertsStream = "augur:alerts"
}

/// How windows are judged, shared by `augur monitor` and `augur monitor report`: window size, the live
/// reference's size and the drift thresholds.
struct DriftJudgementOptions: ParsableArguments {
    @Option(help: "Records per window (per model version).")
    var window = 1000

    @Option(
        name: .customLong("live-reference"),
        help: "Records of a version's first traffic used as its reference when none was published."
    )
    var liveReference = 1000

    @Option(name: .customLong("psi-warn"), help: "PSI at which a drift is a warning (logged, drawn as one); a firing alert resolves only below it.")
    var psiWarn = 0.1

    @Option(name: .customLong("psi-alert"), help: "PSI that fires an alert.")
    var psiAlert = 0.25

    @Option(help: "Significance level of the KS and chi-squared tests.")
    var alpha = 1e-4

    func validate() throws {
        guard window > 0 else { throw ValidationError("--window must be at least 1 record") }
        guard liveReference > 0 else { throw ValidationError("--live-reference must be at least 1 record") }
        guard psiWarn > 0, psiAlert >= psiWarn else {
            throw ValidationError("--psi-warn must be positive and --psi-alert at least --psi-warn")
        }
        guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1") }
    }

    /// The thresholds these flags set.
    var thresholds: DriftThresholds { DriftThresholds(psiWarn: psiWarn, psiAlert: psiAlert, alpha: alpha) }
}
