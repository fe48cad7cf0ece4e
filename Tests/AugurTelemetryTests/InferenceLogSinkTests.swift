import Foundation
import Logging
import MetricsTestKit
import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import AugurTelemetry

/// A sink that keeps what it is given.
private final class CollectingSink: InferenceLogSink {
    let wantsJSON: Bool
    private let received = NIOLockedValueBox<[InferenceLogEntry]>([])

    init(wantsJSON: Bool) {
        self.wantsJSON = wantsJSON
    }

    var name: String { "collector" }

    func write(_ entries: [InferenceLogEntry]) async throws {
        received.withLockedValue { $0 += entries }
    }

    var entries: [InferenceLogEntry] { received.withLockedValue { $0 } }
}

@Suite("Inference log sinks")
struct InferenceLogSinkTests {
    private func drain(_ records: [InferenceLogRecord], into sink: CollectingSink, mode: InferencePayloadMode = .full) async {
        let log = InferenceLog(
            configuration: InferenceLogConfiguration(mode: mode, stream: nil),
            sink: sink,
            logger: Logger(label: "test"),
            metricsFactory: TestMetrics()
        )
        log.record(records)
        let running = Task { await log.run() }
        for _ in 0..<600 where sink.entries.count < records.count { try? await Task.sleep(for: .milliseconds(10)) }
        running.cancel()
        await running.value
    }

    @Test("a sink gets each record's stream fields in order, as the XADD carries them")
    func fieldsMatchTheStream() async throws {
        let sink = CollectingSink(wantsJSON: false)
        let record = sampleRecord(1)
        await drain([record], into: sink)
        let entry = try #require(sink.entries.first)
        let words = record.xaddCommand(stream: "s", maxLength: 1, payloads: RenderedPayloads(record, mode: .full)).arguments
        #expect(entry.id == "r1")
        #expect(entry.fields.flatMap { [ByteBuffer(string: $0.name), $0.value] } == Array(words.dropFirst(6)))
        #expect(entry.json == nil)
    }

    @Test("a sink that wants JSON gets each record's file line without its newline")
    func jsonIsTheFileLine() async throws {
        let sink = CollectingSink(wantsJSON: true)
        let records = [sampleRecord(1), sampleRecord(2, inputs: nil)]
        await drain(records, into: sink, mode: .hash)
        #expect(sink.entries.count == 2)
        for (record, entry) in zip(records, sink.entries) {
            var line = ByteBuffer()
            record.writeJSONLine(into: &line, mode: .hash, payloads: RenderedPayloads(record, mode: .hash))
            #expect(entry.json.map { String(buffer: $0) + "\n" } == String(buffer: line))
        }
    }
}
