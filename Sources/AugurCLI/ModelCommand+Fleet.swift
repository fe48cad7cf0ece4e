import ArgumentParser
import AugurControl
import AugurModels
import AugurRedisClient
import Foundation
import Logging

#if AUGUR_KAFKA
    import AugurKafka
#endif

/// The options every fleet command shares: where the control channel is (a stream on the Redis-protocol
/// broker, or with `--kafka` a Kafka topic).
struct FleetOptions: ParsableArguments {
    @Option(help: "The broker the daemons use, redis://HOST:PORT.")
    var broker = "redis://127.0.0.1:6399"

    @Option(help: "Password for the broker.")
    var password: String?

    @Option(name: .customLong("control-stream"), help: "The control stream the daemons follow (without --kafka).")
    var controlStream = "augur:control"

    @OptionGroup(title: "Kafka") var kafka: KafkaConnectionOptions

    @Option(name: .customLong("kafka-control-topic"), help: "With --kafka: the control topic the daemons follow.")
    var controlTopic = "augur.control"

    func validate() throws {
        _ = try BrokerAddress(parsing: broker)
        if controlTopic.isEmpty { throw ValidationError("--kafka-control-topic must name a topic") }
    }

    /// Where the commands go, for messages: the broker and the stream or topic.
    var location: String {
        kafka.brokers.map { "\(controlTopic) at Kafka \($0)" } ?? "\(controlStream) at \(broker)"
    }

    /// Opens the control channel, runs `body` on it and closes it, also when `body` throws.
    func withChannel<Result>(_ body: (any ControlChannel) async throws -> Result) async throws -> Result {
        #if AUGUR_KAFKA
            if let configuration = kafka.configuration {
                // librdkafka's warnings (a broker down) go to standard error, never into the table or JSON.
                CommandLogging.bootstrapStandardError(level: .warning)
                let channel: KafkaControlChannel
                do {
                    channel = try await KafkaControlChannel.open(
                        kafka: configuration,
                        topic: controlTopic,
                        clientID: "augur-model-\(ProcessInfo.processInfo.processIdentifier)",
                        logger: Logger(label: "augur.model")
                    )
                } catch let error as KafkaError {
                    throw FleetCommandError.brokerUnreachable(broker: kafka.brokers ?? "", reason: "\(error)")
                }
                do {
                    let result = try await body(channel)
                    await channel.close()
                    return result
                } catch {
                    await channel.close()
                    throw error
                }
            }
        #endif
        let connection = try await connect()
        defer { connection.abort() }
        return try await body(RedisControlChannel(stream: controlStream, reader: connection))
    }

    /// A connection to the broker, with an error that says which broker could not be reached.
    func connect() async throws -> RedisConnection {
        let address = try BrokerAddress(parsing: broker)
        let configuration = RedisConnection.Configuration(
            host: address.host,
            port: address.port,
            password: password,
            clientName: "augur-model",
            commandTimeout: .seconds(30)
        )
        do {
            return try await RedisConnection.connect(configuration: configuration)
        } catch {
            throw FleetCommandError.brokerUnreachable(broker: broker, reason: "\(error)")
        }
    }
}

/// Why a fleet command could not be sent.
enum FleetCommandError: Error, CustomStringConvertible {
    case brokerUnreachable(broker: String, reason: String)
    case noRollback(String)
    case noCanary(model: String)
    case canaryIsStable(model: String, version: Int)

    var description: String {
        switch self {
        case .brokerUnreachable(let broker, let reason):
            return "cannot reach the broker at \(broker) (is it running? is --broker or --kafka right?): \(reason)"
        case .noRollback(let reason):
            return reason
        case .noCanary(let model):
            return "\(model) has no canary or shadow to promote; start one with `augur model activate \(model) VERSION --canary PCT` or `augur model shadow \(model) VERSION`"
        case .canaryIsStable(let model, let version):
            return "version \(version) is already the stable version of \(model); a canary must be another version"
        }
    }
}

/// `--wait SECONDS`: how long a command waits for the daemons' reports.
struct WaitOption: ParsableArguments {
    @Option(help: "Seconds to wait for a report from each live daemon (0: don't wait).")
    var wait: Double = 10

    func validate() throws {
        guard wait >= 0, wait.isFinite else { throw ValidationError("--wait must be 0 or more seconds") }
    }
}

/// Sends a command, then (with --wait) prints each live daemon's outcome; exits 1 if any failed or stayed silent.
func sendFleetCommand(
    _ command: ControlCommand,
    summary: String,
    status: FleetStatus,
    channel: any ControlChannel,
    wait: WaitOption
) async throws {
    // A channel that does not tell where the command landed is followed from where the status read ended.
    let position = try await channel.issue(command) ?? status.position
    print("\(summary) (command \(command.commandID))")
    guard wait.wait > 0 else { return }
    let daemons = Set(status.liveDaemons.map(\.name))
    guard !daemons.isEmpty else {
        print("no live daemon reports on \(channel.name); daemons apply the command when they start")
        return
    }
    let outcomes = try await CommandOutcomes.wait(
        for: command.commandID,
        from: daemons,
        on: channel,
        after: position,
        timeout: .milliseconds(Int64(wait.wait * 1000))
    )
    var rows = [["DAEMON", "OUTCOME", "MESSAGE"]]
    for daemon in daemons.sorted() {
        if let outcome = outcomes[daemon] {
            rows.append([daemon, outcome.succeeded ? "ok" : "failed", outcome.message])
        } else {
            rows.append([daemon, "no report", "did not answer within \(wait.wait) s"])
        }
    }
    printTable(rows)
    let succeeded = daemons.allSatisfy { outcomes[$0]?.succeeded == true }
    if !succeeded { throw ExitCode(1) }
}

/// `augur model activate NAME VERSION [--canary PCT]`: every daemon serves VERSION, or tries it as a canary.
struct ModelActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate",
        abstract: "Makes every daemon serve a version (or, with --canary, send it a share of the traffic).",
        discussion: """
            The command goes out on the control stream to every daemon, which loads, warms up and swaps the \
            version in, then reports. A version that fails to load is reported as failed; that daemon keeps \
            serving what it had.
            """
    )

    @Argument(help: "The model's name.")
    var name: String

    @Argument(help: "The version to activate.")
    var version: Int

    @Option(help: "Percent (1…100) of requests without a version that go to VERSION as a canary.")
    var canary: Int?

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var waiting: WaitOption

    func validate() throws {
        guard version >= 1 else { throw ValidationError("VERSION must be 1 or more") }
        if let canary, !(1...100).contains(canary) { throw ValidationError("--canary must be a percent from 1 to 100") }
    }

    func run() async throws {
        try await fleet.withChannel { channel in try await send(on: channel) }
    }

    private func send(on channel: any ControlChannel) async throws {
        let status = try await FleetStatus.read(from: channel)
        if canary != nil, status.control.models[name]?.stable == version {
            throw FleetCommandError.canaryIsStable(model: name, version: version)
        }
        let summary =
            canary.map { "activating \(name) version \(version) as a \($0)% canary" }
            ?? "activating \(name) version \(version)"
        try await sendFleetCommand(
            .activate(name, version: version, canaryPercent: canary),
            summary: summary,
            status: status,
            channel: channel,
            wait: waiting
        )
    }
}

/// `augur model rollback NAME`: ends a canary, or returns to the previous stable version.
struct ModelRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Ends a model's canary, or returns every daemon to the version before the current one.",
        discussion: """
            The previous version comes from the control stream's history; without history, the highest \
            version in the repository (--models) below the current one.
            """
    )

    @Argument(help: "The model's name.")
    var name: String

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var waiting: WaitOption
    @OptionGroup var repositoryOptions: ModelRepositoryOptions

    func run() async throws {
        try await fleet.withChannel { channel in try await send(on: channel) }
    }

    private func send(on channel: any ControlChannel) async throws {
        let status = try await FleetStatus.read(from: channel)
        let published = try? repositoryOptions.repository.versions(of: name)
        let plan: RollbackPlan
        do {
            plan = try RollbackPlan.plan(model: name, status: status, publishedVersions: published)
        } catch {
            throw FleetCommandError.noRollback(error.description)
        }
        let current = status.control.models[name]?.stable ?? status.reportedState(of: name)?.version
        let summary: String
        switch plan {
        case .endCanary: summary = "rolling back \(name): ending its canary" + (current.map { "; version \($0) keeps serving" } ?? "")
        case .version(let version):
            summary = "rolling back \(name)" + (current.map { " from version \($0)" } ?? "") + " to version \(version)"
        }
        try await sendFleetCommand(
            plan.command(for: name),
            summary: summary,
            status: status,
            channel: channel,
            wait: waiting
        )
    }
}

/// `augur model promote NAME`: the canary becomes the stable version on every daemon.
struct ModelPromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Makes a model's canary (or, without one, its shadow) its stable version on every daemon."
    )

    @Argument(help: "The model's name.")
    var name: String

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var waiting: WaitOption

    func run() async throws {
        try await fleet.withChannel { channel in try await send(on: channel) }
    }

    private func send(on channel: any ControlChannel) async throws {
        let status = try await FleetStatus.read(from: channel)
        // The commands decide what daemons serve; reports stand in only for models no command named.
        let commanded = status.control.models[name]
        let canary = commanded.map { $0.canary?.version } ?? status.reportedState(of: name)?.canary?.version
        let shadow = commanded.map { $0.shadow?.version } ?? status.reportedState(of: name)?.shadow?.version
        guard let promoted = canary ?? shadow else { throw FleetCommandError.noCanary(model: name) }
        try await sendFleetCommand(
            .promote(name),
            summary: "promoting \(name) version \(promoted) from \(canary != nil ? "canary" : "shadow") to stable",
            status: status,
            channel: channel,
            wait: waiting
        )
    }
}

/// `augur model shadow NAME VERSION [--share PCT]`: scores a share of live calls on a second version too.
struct ModelShadowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shadow",
        abstract: "Scores a share of a model's live calls on a second version too, without returning its outputs.",
        discussion: """
            Every daemon also runs --share percent of the stable version's model calls on VERSION, compares the \
            outputs (agreement of labels, largest absolute difference of scores) and the latency of both, and \
            records them in the inference log (shadow_* fields) and the metric augur_shadow_requests_total. \
            `augur model promote NAME` makes the shadow the stable version; --stop ends it.
            """
    )

    @Argument(help: "The model's name.")
    var name: String

    @Argument(help: "The version to score in the shadow.")
    var version: Int?

    @Option(help: "Percent (1…100) of the stable version's calls the shadow also runs.")
    var share = 10

    @Flag(help: "End the model's shadow.")
    var stop = false

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var waiting: WaitOption

    func validate() throws {
        guard (1...100).contains(share) else { throw ValidationError("--share must be 1…100") }
        guard stop == (version == nil) else { throw ValidationError("give a VERSION to shadow, or --stop without one") }
        if let version, version < 1 { throw ValidationError("VERSION must be at least 1") }
    }

    func run() async throws {
        try await fleet.withChannel { channel in try await send(on: channel) }
    }

    private func send(on channel: any ControlChannel) async throws {
        let status = try await FleetStatus.read(from: channel)
        let summary =
            version.map { "shadowing \(name) with version \($0) on \(share)% of its calls" } ?? "ending the shadow of \(name)"
        try await sendFleetCommand(
            .shadow(name, version: version, sharePercent: share),
            summary: summary,
            status: status,
            channel: channel,
            wait: waiting
        )
    }
}

/// `augur model status [NAME]`: which daemon serves which version of each model, and since when.
struct ModelStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Shows which daemon serves which version of each model, since when, and any canary.",
        discussion: "A daemon not heard from for 3 heartbeat intervals is marked stale."
    )

    @Argument(help: "Only this model.")
    var name: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @OptionGroup var fleet: FleetOptions

    func run() async throws {
        let now = ControlClock.nowMilliseconds()
        let status = try await fleet.withChannel { channel in try await FleetStatus.read(from: channel, now: now) }
        if json {
            print(try statusJSON(status))
            return
        }
        guard !status.daemons.isEmpty else {
            print("no daemon has reported on \(fleet.location)")
            return
        }
        var rows = [["DAEMON", "MODEL", "VERSION", "SINCE", "CANARY", "SHADOW", "LAST SEEN", "STATE"]]
        for daemon in status.daemons {
            let seen = Self.age(now > daemon.report.issuedMilliseconds ? (now - daemon.report.issuedMilliseconds) / 1000 : 0)
            let liveness = daemon.isStale ? "stale" : "live"
            let models = daemon.report.state.filter { name == nil || $0.key == name }.sorted { $0.key < $1.key }
            if models.isEmpty { rows.append([daemon.name, "-", "-", "-", "-", "-", seen, liveness]) }
            for (model, serving) in models {
                let canary = serving.canary.map { "v\($0.version) \($0.percent)% since \(Self.time($0.sinceMilliseconds))" } ?? "-"
                let shadow = serving.shadow.map { "v\($0.version) \($0.percent)%" } ?? "-"
                rows.append([daemon.name, model, String(serving.version), Self.time(serving.sinceMilliseconds), canary, shadow, seen, liveness])
            }
        }
        printTable(rows)
    }

    private static func age(_ seconds: UInt64) -> String {
        switch seconds {
        case ..<120: "\(seconds)s ago"
        case ..<7200: "\(seconds / 60)m ago"
        case ..<172_800: "\(seconds / 3600)h ago"
        default: "\(seconds / 86400)d ago"
        }
    }

    private static func time(_ milliseconds: UInt64) -> String {
        iso8601(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// `{"daemons":[{"name","stale","last_seen_ms","state":{…}}],"commanded":{"MODEL":{"stable","canary":{…}}}}`.
    private func statusJSON(_ status: FleetStatus) throws -> String {
        let daemons: [[String: Any]] = try status.daemons.map { daemon in
            let state = daemon.report.state.filter { name == nil || $0.key == name }
            let stateObject = try JSONSerialization.jsonObject(with: Data(DaemonReport.stateJSON(state).utf8))
            return ["name": daemon.name, "stale": daemon.isStale, "last_seen_ms": daemon.report.issuedMilliseconds, "state": stateObject]
        }
        var commanded: [String: Any] = [:]
        for (model, desired) in status.control.models where name == nil || model == name {
            var entry: [String: Any] = ["history": desired.history]
            if let stable = desired.stable { entry["stable"] = stable }
            if let canary = desired.canary { entry["canary"] = ["version": canary.version, "percent": canary.percent] }
            if let shadow = desired.shadow { entry["shadow"] = ["version": shadow.version, "percent": shadow.percent] }
            commanded[model] = entry
        }
        let data = try JSONSerialization.data(withJSONObject: ["daemons": daemons, "commanded": commanded], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
