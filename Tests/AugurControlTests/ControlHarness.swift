import AugurControl
import AugurModels
import AugurRESP
import AugurRedisClient
import AugurTestSupport
import Foundation
import Logging
import Testing

/// A redis-server, a model repository with versions 1…3 of `tree`, and the daemons (host + listener) a test runs.
final class ControlHarness: @unchecked Sendable {
    static let model = "tree"
    let server: RedisServerProcess
    let directory: String
    let repository: ModelRepository
    /// The operator's connection: issues commands and reads the stream.
    let operatorConnection: RedisConnection
    private let lock = NSLock()
    private var daemons: [Daemon] = []

    /// A daemon under test: its host, its listener, the follow task and its connections.
    final class Daemon: @unchecked Sendable {
        let name: String
        let host: ModelHost
        let listener: ControlListener
        let connections: [RedisConnection]
        var following: Task<Void, Never>?

        init(name: String, host: ModelHost, listener: ControlListener, connections: [RedisConnection]) {
            self.name = name
            self.host = host
            self.listener = listener
            self.connections = connections
        }

        /// Stops following, as a daemon that died would.
        func stop() async {
            following?.cancel()
            await following?.value
            following = nil
            for connection in connections { connection.abort() }
        }
    }

    init(versions: ClosedRange<Int> = 1...3) async throws {
        server = try await RedisServerProcess()
        directory = NSTemporaryDirectory() + "augur-control-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        repository = ModelRepository(directory: directory)
        for version in versions {
            _ = try repository.publish(
                modelFile: ModelFixtures.modelFile("decision_tree_regressor"),
                name: Self.model,
                options: PublishOptions(version: version)
            )
        }
        operatorConnection = try await server.connect()
    }

    deinit {
        operatorConnection.abort()
        server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts a daemon serving `tree` version `initialVersion` (nil: nothing), replays the stream and, when
    /// `follow` is set, follows it in a task.
    @discardableResult
    func startDaemon(
        _ name: String,
        initialVersion: Int? = 1,
        reportInterval: Duration = .seconds(10),
        follow: Bool = true
    ) async throws -> Daemon {
        let host: ModelHost
        if let initialVersion {
            host = try await self.host(serving: initialVersion)
        } else {
            host = ModelHost(repository: repository, configuration: .init(warmUpRuns: 0), logger: quietLogger)
        }
        let reader = try await server.connect()
        let writer = try await server.connect()
        let daemon = Daemon(
            name: name,
            host: host,
            listener: listener(name, host: host, reader: reader, writer: writer, reportInterval: reportInterval),
            connections: [reader, writer]
        )
        try await daemon.listener.replay()
        if follow { daemon.following = Task { await daemon.listener.follow() } }
        lock.withLock { daemons.append(daemon) }
        return daemon
    }

    /// A listener for daemon `name` with a short XREAD block, so tests stop quickly.
    func listener(
        _ name: String,
        host: ModelHost,
        reader: any RedisCommandSending,
        writer: any RedisBatchSending,
        reportInterval: Duration = .seconds(10)
    ) -> ControlListener {
        ControlListener(
            reader: reader,
            writer: writer,
            host: host,
            configuration: ControlConfiguration(daemonName: name, reportInterval: reportInterval, block: .milliseconds(100)),
            logger: quietLogger
        )
    }

    /// A host over the harness repository serving `tree` version `version`.
    func host(serving version: Int) async throws -> ModelHost {
        let host = ModelHost(repository: repository, configuration: .init(warmUpRuns: 0), logger: quietLogger)
        try await host.serve(Self.model, policy: .pinned(version))
        return host
    }

    /// Stops every daemon still running.
    func stopAll() async {
        for daemon in lock.withLock({ daemons }) {
            await daemon.stop()
            daemon.host.shutdown()
        }
    }

    /// Adds `command` to the control stream and returns the entry's id.
    @discardableResult
    func issue(_ command: ControlCommand) async throws -> StreamID {
        try await operatorConnection.issueControlCommand(command)
    }

    /// Issues `command` and waits (up to 30 s) for the reports of `daemons`.
    func issueAndWait(_ command: ControlCommand, daemons: [Daemon]) async throws -> [String: DaemonReport.CommandOutcome] {
        let position = try await issue(command)
        let reader = try await server.connect()
        defer { reader.abort() }
        let outcomes = try await CommandOutcomes.wait(
            for: command.commandID,
            from: Set(daemons.map(\.name)),
            reader: reader,
            after: position,
            timeout: .seconds(30)
        )
        try #require(Set(outcomes.keys) == Set(daemons.map(\.name)), "every daemon reports on the command")
        return outcomes
    }

    /// The fleet as the control stream shows it.
    func status(now: UInt64 = ControlClock.nowMilliseconds()) async throws -> FleetStatus {
        try await FleetStatus.read(from: operatorConnection, now: now, logger: quietLogger)
    }
}

/// Serving state without the since-times, to compare daemons that activated at different moments.
struct VersionsServed: Equatable {
    var version: Int
    var canary: Int?
    var percent: Int?

    init?(_ state: ModelServingState?) {
        guard let state else { return nil }
        version = state.version
        canary = state.canary?.version
        percent = state.canary?.percent
    }

    init(version: Int, canary: Int? = nil, percent: Int? = nil) {
        self.version = version
        self.canary = canary
        self.percent = percent
    }
}

/// A logger that keeps test output to errors only.
let quietLogger: Logger = {
    var logger = Logger(label: "augur.control.tests")
    logger.logLevel = .critical
    return logger
}()
