import AugurTestSupport
import Logging
import MetricsTestKit
import NIOConcurrencyHelpers
import Testing

@testable import AugurTelemetry

@Suite("Inference log sink errors")
struct InferenceLogRetryTests {
    @Test("a failed stream write is retried until it gets through, without losing or repeating records")
    func failedWritesAreRetried() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        defer { connection.abort() }
        let sender = FailingThenWorkingSender(failures: 3, target: connection)
        let log = InferenceLog(
            configuration: InferenceLogConfiguration(stream: "log", batchSize: 100),
            sender: sender,
            logger: Logger(label: "test"),
            metricsFactory: TestMetrics()
        )
        await withRunningLog(log) {
            log.record((0..<40).map { sampleRecord($0) })
            await sender.waitForDelivery()
        }
        #expect(sender.attempts == 4)
        #expect(try await connection.xlen("log") == 40)
    }

    @Test("repeated sink failures within the interval are logged once")
    func failuresAreRateLimited() {
        let handler = CapturingLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        var throttle = ErrorLogThrottle(interval: .seconds(3600))
        for _ in 0..<5 { throttle.failed("write failed", error: FailingThenWorkingSender.BrokerDown(), logger: logger) }
        #expect(handler.messages == ["write failed"])
        throttle.succeeded("writes again", logger: logger)
        throttle.failed("write failed", error: FailingThenWorkingSender.BrokerDown(), logger: logger)
        #expect(handler.messages == ["write failed", "writes again", "write failed"])
    }
}

/// A log handler that keeps the messages it was given.
final class CapturingLogHandler: LogHandler, Sendable {
    private let captured = NIOLockedValueBox<[String]>([])

    var messages: [String] { captured.withLockedValue { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        captured.withLockedValue { $0.append(event.message.description) }
    }
}
