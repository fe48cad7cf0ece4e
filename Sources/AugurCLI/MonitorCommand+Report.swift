import ArgumentParser
import AugurModels
import AugurMonitor
import AugurRedisClient
import Foundation

/// `augur monitor report NAME`: replays a model's inference log records through the drift monitor and
/// writes a self-contained HTML page of its distributions, drift, alerts and shadow agreement.
struct MonitorReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Writes an HTML report of a model's prediction and feature distributions, drift and alerts.",
        discussion: """
            Reads the model's inference log records (augur serve --inference-log full) from the log stream \
            since --since, judges them window by window as `augur monitor` does (against the references \
            published in --models, else the first --live-reference records), adds the alert events on the \
            alerts stream, and writes DIR/index.html: one file with inline SVG charts and no scripts, to \
            open in any browser.
            """
    )

    @Argument(help: "The model to report on.")
    var name: String

    @Option(
        help: "Start at: a duration back from now (90s, 30m, 2h, 1d), an ISO 8601 time, or a stream entry id. Default: the whole stream."
    )
    var since: String?

    @Option(help: "Directory the report (index.html) is written to.")
    var out = "monitor-report"

    @OptionGroup var streams: MonitorStreamOptions

    @OptionGroup var repositoryOptions: ModelRepositoryOptions

    @OptionGroup var judgement: DriftJudgementOptions

    func validate() throws {
        _ = try BrokerAddress(parsing: streams.broker)
        if let since {
            do { _ = try ReportSince.parse(since, nowMillis: 0) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        let start = try since.map { try ReportSince.parse($0, nowMillis: Self.nowMillis()) } ?? .beginning
        let repository = repositoryOptions.repository
        var builder = MonitorReportBuilder(
            model: name,
            configuration: MonitorConfiguration(
                window: WindowPolicy(records: judgement.window),
                thresholds: judgement.thresholds,
                liveReferenceRecords: judgement.liveReference
            ),
            publishedReference: { model, version in try? repository.manifest(name: model, version: version).reference },
            decoder: InferenceLogDecoder(inputNames: MonitorRunCommand.singleInputNames(repository))
        )
        let connection = try await MonitorBroker.connect(broker: streams.broker, password: streams.password, clientName: "augur-monitor-report")
        defer { connection.abort() }
        var modelsSeen = Set<String>()
        var logEntries = 0
        try await MonitorBroker.readRange(connection, stream: streams.logStream, from: start.rangeStart) { message in
            logEntries += 1
            if let model = message["model"] { modelsSeen.insert(String(decoding: model.readableBytesView, as: UTF8.self)) }
            builder.addLogEntry(message)
        }
        try await MonitorBroker.readRange(connection, stream: streams.alertsStream, from: start.rangeStart) { builder.addAlertEntry($0) }
        let sinceText = since.map { " since \($0)" } ?? ""
        let report = builder.build(source: "\(streams.logStream) on \(streams.broker)\(sinceText)")
        guard report.records > 0 else {
            throw MonitorReportError.noRecords(model: name, stream: streams.logStream, entries: logEntries, models: modelsSeen.sorted())
        }
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        let file = directory.appendingPathComponent("index.html")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(ReportPage.render(report).utf8).write(to: file, options: .atomic)
        } catch {
            throw MonitorReportError.cannotWrite(path: file.path, reason: "\(error)")
        }
        let firing = report.alerts.filter { $0.alert.state == .firing }.count
        print(
            "wrote \(file.path): \(report.records) records of \(name), \(report.windows.count) windows of \(judgement.window), "
                + "\(report.alerts.count) alert events (\(firing) firing)"
        )
    }

    static func nowMillis() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }
}

/// Why `augur monitor report` wrote nothing.
enum MonitorReportError: Error, CustomStringConvertible {
    case noRecords(model: String, stream: String, entries: Int, models: [String])
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case .noRecords(let model, let stream, let entries, let models):
            let seen = models.isEmpty ? "" : " (models in it: \(models.joined(separator: ", ")))"
            return "no inference log records of \(model) in \(stream): read \(entries) entries\(seen); "
                + "check the model name and --since, and that augur serve runs with --inference-log full"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}

/// Broker access shared by `augur monitor report` and `augur monitor top`.
enum MonitorBroker {
    /// Entries per XRANGE page.
    static let page = 2000

    /// A connection, with an error that names the broker when it cannot be reached.
    static func connect(broker: String, password: String?, clientName: String) async throws -> RedisConnection {
        let address = try BrokerAddress(parsing: broker)
        do {
            return try await RedisConnection.connect(
                configuration: RedisConnection.Configuration(
                    host: address.host,
                    port: address.port,
                    password: password,
                    clientName: clientName,
                    commandTimeout: .seconds(30)
                )
            )
        } catch {
            throw FleetCommandError.brokerUnreachable(broker: broker, reason: "\(error)")
        }
    }

    /// Calls `body` with every entry of `stream` from `start` (inclusive) to the end, a page at a time;
    /// returns the last id seen. At most `limit` entries.
    @discardableResult
    static func readRange(
        _ connection: RedisConnection,
        stream: String,
        from start: String,
        limit: Int = .max,
        _ body: (StreamMessage) -> Void
    ) async throws -> StreamID? {
        var next = start
        var last: StreamID?
        var count = 0
        while count < limit {
            let wanted = Swift.min(page, limit - count)
            let messages = try await connection.xrange(stream, start: next, count: wanted)
            for message in messages { body(message) }
            count += messages.count
            if let id = messages.last?.id {
                last = id
                next = "(" + id.description
            }
            if messages.count < wanted { break }
        }
        return last
    }
}
