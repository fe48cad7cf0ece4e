import Logging
import MetricsTestKit
import Testing

@testable import AugurTelemetry

@Suite("Inference log buffer")
struct InferenceLogBufferTests {
    @Test("a stalled sink keeps at most bufferCapacity records and counts every drop")
    func stalledSinkDropsPastCapacity() async throws {
        let metrics = TestMetrics()
        let sender = StalledSender()
        let configuration = InferenceLogConfiguration(stream: "log", bufferCapacity: 10, batchSize: 4)
        let log = InferenceLog(
            configuration: configuration,
            sender: sender,
            logger: Logger(label: "test"),
            metricsFactory: metrics
        )
        await withRunningLog(log) {
            log.record(sampleRecord(0))
            await sender.waitForBatch()
            log.record((1...25).map { sampleRecord($0) })
            #expect(log.bufferedCount == 10)
            #expect(log.droppedCount == 15)
            log.record(sampleRecord(26))
            #expect(log.bufferedCount == 10)
            #expect(log.droppedCount == 16)
            sender.release()
        }
        #expect(try metrics.expectCounter("augur_inference_log_dropped_total").totalValue == 16)
    }

    @Test("record returns at once while the sink is stalled")
    func recordDoesNotWaitForTheSink() async throws {
        let sender = StalledSender()
        let log = InferenceLog(
            configuration: InferenceLogConfiguration(stream: "log", bufferCapacity: 100, batchSize: 1),
            sender: sender,
            logger: Logger(label: "test"),
            metricsFactory: TestMetrics()
        )
        await withRunningLog(log) {
            log.record(sampleRecord(0))
            await sender.waitForBatch()
            // Were record() to wait for the sink, this would hang: the sender never answers until released.
            for number in 1...50 { log.record(sampleRecord(number)) }
            #expect(log.bufferedCount == 50)
            #expect(sender.sentCommands == 1)
            sender.release()
        }
    }

    @Test("without a sink records are taken off the buffer, not kept")
    func noSinkKeepsNothing() async throws {
        let log = InferenceLog(
            configuration: InferenceLogConfiguration(stream: nil, filePath: nil, bufferCapacity: 4),
            sender: nil,
            logger: Logger(label: "test"),
            metricsFactory: TestMetrics()
        )
        await withRunningLog(log) {
            log.record((0..<3).map { sampleRecord($0) })
        }
        #expect(log.bufferedCount == 0)
        #expect(log.droppedCount == 0)
    }
}
