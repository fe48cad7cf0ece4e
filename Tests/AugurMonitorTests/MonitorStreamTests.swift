import AugurRedisClient
import AugurTestSupport
import Foundation
import Logging
import NIOCore
import Testing

@testable import AugurMonitor

/// The stream path end to end: inference log entries on a real redis-server, `MonitorService` reading them,
/// alert events on the alerts stream.
@Suite("monitor over a redis-server stream")
struct MonitorStreamTests {
    let model = SyntheticModel()

    /// Writes `normal` windows of reference traffic, then `shifted` windows with feature 1 shifted by one
    /// standard deviation, as the inference log would (bare input rows, V2 outputs).
    func writeLog(_ connection: RedisConnection, stream: String, normal: Int, shifted: Int, window: Int) async throws {
        var rng = SeededGenerator(seed: 11)
        for i in 0..<((normal + shifted) * window) {
            let row = model.row(&rng, shiftFeature: i >= normal * window ? 1 : nil)
            let score = model.score(row)
            let inputs = "[" + row.map { String($0) }.joined(separator: ",") + "]"
            let outputs = """
                [{"name":"label","shape":[1],"datatype":"BYTES","data":["\(model.label(score))"]},\
                {"name":"probabilities","shape":[1,2],"datatype":"FP32","data":[\(1 - score),\(score)]}]
                """
            let fields: [(name: String, value: ByteBuffer)] = [
                ("id", ByteBuffer(string: "r\(i)")), ("model", ByteBuffer(string: "m")), ("version", ByteBuffer(string: "1")),
                ("daemon", ByteBuffer(string: "d1")), ("enqueued_us", ByteBuffer(string: "\(i * 1_000)")),
                ("read_us", ByteBuffer(string: "\(i * 1_000)")), ("written_us", ByteBuffer(string: "\(i * 1_000 + 500)")),
                ("outcome", ByteBuffer(string: "ok")), ("inputs", ByteBuffer(string: inputs)),
                ("outputs", ByteBuffer(string: outputs)),
            ]
            _ = try await connection.xadd(stream, fields: fields)
        }
    }

    /// Runs the service until the first alert reaches the alerts stream (or 60 s pass), then stops it.
    /// `settled` is polled (up to 5 s) after the alert arrives and before the service stops.
    func firstAlert(
        server: RedisServerProcess,
        configuration: MonitorStreamConfiguration,
        window: Int,
        settled: @escaping @Sendable (RedisConnection) async throws -> Bool = { _ in true }
    ) async throws -> StreamMessage? {
        let reader = try await server.connect()
        let writer = try await server.connect()
        let watcher = try await server.connect()
        defer {
            reader.abort()
            writer.abort()
            watcher.abort()
        }
        let reference = model.reference(rows: 5_000, seed: 1)
        let service = MonitorService(
            reader: reader,
            writer: writer,
            configuration: configuration,
            monitor: MonitorConfiguration(window: WindowPolicy(records: window)),
            publishedReference: { _, _ in reference },
            decoder: InferenceLogDecoder(inputNames: ["m": "X"]),
            logger: Logger(label: "test")
        )
        return try await withThrowingTaskGroup(of: StreamMessage?.self) { group in
            group.addTask {
                await service.run()
                return nil
            }
            var alert: StreamMessage?
            for _ in 0..<60 where alert == nil {
                alert = try await watcher.xread(streams: [(configuration.alertsStream, "0")], count: 1, block: .seconds(1))
                    .first?.messages.first
            }
            for _ in 0..<50 where alert != nil {
                if try await settled(watcher) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            group.cancelAll()
            return alert
        }
    }

    func text(_ message: StreamMessage, _ field: String) -> String? {
        message[field].map { String(buffer: $0) }
    }

    @Test("a feature shift in the log stream becomes one firing event on the alerts stream, naming the feature")
    func streamAlert() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        defer { connection.abort() }
        try await writeLog(connection, stream: "test:log", normal: 2, shifted: 2, window: 300)
        let configuration = MonitorStreamConfiguration(
            logStream: "test:log",
            alertsStream: "test:alerts",
            start: .beginning,
            block: .milliseconds(100)
        )
        let alert = try #require(try await firstAlert(server: server, configuration: configuration, window: 300))
        #expect(text(alert, "model") == "m")
        #expect(text(alert, "version") == "1")
        #expect(text(alert, "signal") == "feature_drift")
        #expect(text(alert, "reference") == "published")
        #expect(text(alert, "top_features") == "X[1]")
        #expect(text(alert, "state") == "firing")
        #expect(text(alert, "statistic") == "psi")
        #expect(text(alert, "window").flatMap(Int.init).map { $0 >= 2 && $0 <= 3 } == true)
        #expect(try await connection.xlen("test:alerts") == 1)
    }

    @Test("reading through the consumer group acknowledges every record it judged")
    func consumerGroupAcknowledges() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        defer { connection.abort() }
        try await writeLog(connection, stream: "test:log", normal: 1, shifted: 1, window: 300)
        let configuration = MonitorStreamConfiguration(
            logStream: "test:log",
            alertsStream: "test:alerts",
            start: .beginning,
            group: "augur-monitor",
            block: .milliseconds(100)
        )
        let alert = try await firstAlert(server: server, configuration: configuration, window: 300) { watcher in
            try await watcher.xpending("test:log", group: "augur-monitor").count == 0
        }
        #expect(alert.map { text($0, "top_features") } == "X[1]")
        let pending = try await connection.xpending("test:log", group: "augur-monitor")
        #expect(pending.count == 0)
    }
}
