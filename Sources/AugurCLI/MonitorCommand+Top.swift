import ArgumentParser
import AugurModels
import AugurMonitor
import AugurRedisClient
import Foundation
import Logging
import ServiceLifecycle

/// `augur monitor top`: a live terminal view of per-model traffic and drift from the inference log.
struct MonitorTopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "Shows live per-model request rates, latencies, batch sizes and drift in the terminal.",
        discussion: """
            Follows the inference log stream and the alerts stream and redraws every --interval seconds: \
            requests per second, error share, end-to-end and model latency (p50/p99), requests per model \
            call, the alerts firing now, and the largest PSI of the last window it judged itself. Rates \
            cover the last --horizon seconds. Ctrl-C or SIGTERM ends it; --once prints one frame and exits.
            """
    )

    @OptionGroup var streams: MonitorStreamOptions

    @Option(help: "Seconds between frames.")
    var interval = 1.0

    @Option(help: "Seconds of traffic the rates and latencies cover.")
    var horizon = 10.0

    @Option(help: "Records per window for the drift shown (per model version).")
    var window = 1000

    @OptionGroup var repositoryOptions: ModelRepositoryOptions

    @Flag(help: "Print one frame and exit.")
    var once = false

    @Flag(name: .customLong("no-color"), help: "No ANSI colours (the default when standard output is no terminal).")
    var noColor = false

    func validate() throws {
        _ = try BrokerAddress(parsing: streams.broker)
        guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be a positive number of seconds") }
        guard horizon > 0, horizon.isFinite else { throw ValidationError("--horizon must be a positive number of seconds") }
        guard window > 0 else { throw ValidationError("--window must be at least 1 record") }
    }

    func run() async throws {
        let repository = repositoryOptions.repository
        let traffic = LiveTraffic(
            horizonMillis: UInt64(horizon * 1000),
            configuration: MonitorConfiguration(window: WindowPolicy(records: window)),
            publishedReference: { model, version in try? repository.manifest(name: model, version: version).reference },
            decoder: InferenceLogDecoder(inputNames: MonitorRunCommand.singleInputNames(repository))
        )
        let view = TopView(
            broker: streams.broker,
            password: streams.password,
            logStream: streams.logStream,
            alertsStream: streams.alertsStream,
            interval: interval,
            colour: !noColor && isatty(STDOUT_FILENO) == 1,
            traffic: traffic
        )
        if once {
            let connection = try await MonitorBroker.connect(broker: streams.broker, password: streams.password, clientName: "augur-monitor-top")
            defer { connection.abort() }
            var state = view.initialState()
            try await view.poll(connection, &state)
            TopView.write(view.frame(state).render())
            return
        }
        CommandLogging.bootstrapStandardError(level: .error)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: view, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "augur.monitor.top")
            )
        )
        try await group.run()
    }
}

/// The redraw loop of `augur monitor top`: reads what is new on both streams, then draws a frame.
struct TopView: Service {
    /// Entries read per stream per frame at most, so that a frame is drawn even when the log races ahead.
    static let maxEntriesPerFrame = 200_000

    struct State {
        var traffic: LiveTraffic
        var logPosition: String
        var alertsPosition = "-"
        var problem: String?
    }

    let broker: String
    let password: String?
    let logStream: String
    let alertsStream: String
    let interval: Double
    let colour: Bool
    let traffic: LiveTraffic

    /// Starts the log one horizon back, and the alerts at their beginning (the stream is trimmed).
    func initialState() -> State {
        let now = MonitorReportCommand.nowMillis()
        return State(traffic: traffic, logPosition: "\(now > traffic.horizonMillis ? now - traffic.horizonMillis : 0)-0")
    }

    /// Reads both streams from where the last poll stopped.
    func poll(_ connection: RedisConnection, _ state: inout State) async throws {
        var traffic = state.traffic
        if let last = try await MonitorBroker.readRange(
            connection,
            stream: logStream,
            from: state.logPosition,
            limit: Self.maxEntriesPerFrame,
            { traffic.addLogEntry($0) }
        ) {
            state.logPosition = "(" + last.description
        }
        if let last = try await MonitorBroker.readRange(
            connection,
            stream: alertsStream,
            from: state.alertsPosition,
            limit: Self.maxEntriesPerFrame,
            { traffic.addAlertEntry($0) }
        ) {
            state.alertsPosition = "(" + last.description
        }
        traffic.prune(nowMillis: MonitorReportCommand.nowMillis())
        state.traffic = traffic
    }

    func frame(_ state: State) -> TopFrame {
        TopFrame(
            source: "\(broker) \(logStream)" + (state.problem.map { "  [\($0)]" } ?? ""),
            time: Date(),
            horizonSeconds: Double(state.traffic.horizonMillis) / 1000,
            models: state.traffic.snapshot(nowMillis: MonitorReportCommand.nowMillis()),
            colour: colour
        )
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { await redraw() }
    }

    /// Polls and draws until cancelled (Ctrl-C and SIGTERM cancel it through the service group).
    func redraw() async {
        var state = initialState()
        var connection: RedisConnection?
        defer { connection?.abort() }
        while !Task.isCancelled {
            do {
                if connection == nil {
                    connection = try await MonitorBroker.connect(broker: broker, password: password, clientName: "augur-monitor-top")
                }
                if let connection { try await poll(connection, &state) }
                state.problem = nil
            } catch {
                connection?.abort()
                connection = nil
                state.problem = "broker: \(error)"
            }
            // Home and clear, then the frame: no terminal modes are changed, so an interrupt leaves the terminal as it was.
            Self.write("\u{1B}[H\u{1B}[2J" + frame(state).render())
            do { try await Task.sleep(for: .milliseconds(Int(interval * 1000))) } catch { break }
        }
        Self.write("\n")
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
