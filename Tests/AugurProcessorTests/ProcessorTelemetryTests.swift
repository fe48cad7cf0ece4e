import AugurProcessor
import AugurRESP
import AugurRedisClient
import AugurTelemetry
import MetricsTestKit
import NIOCore
import Testing

@testable import AugurProcessor

@Suite("ProcessorTelemetry and group statistics")
struct ProcessorTelemetryTests {
    private func result(_ id: String, error: RequestError? = nil, time: ClosedRange<UInt64>?) -> PredictionResult {
        PredictionResult(
            entryID: StreamID(milliseconds: 1_000, sequence: 0), id: id, model: "churn", version: error == nil ? 2 : nil,
            outcome: error.map { .failure($0) } ?? .outputs(Array("[]".utf8)), replyTo: "r", modelTime: time)
    }

    @Test("each request is counted by model, version and code, and a shared model call is one batch")
    func requestsAndBatchesCounted() throws {
        let factory = TestMetrics()
        let telemetry = ProcessorTelemetry(metrics: ProcessorMetrics(factory: factory), log: nil, daemon: "d")
        let call: ClosedRange<UInt64> = 1_000_500...1_000_900
        telemetry.observe(
            DeliveredBatch(
                results: [
                    result("a", time: call), result("b", time: call),
                    result("c", error: RequestError(.malformedJSON, "x"), time: nil),
                ],
                readMicros: 1_000_400, writtenMicros: 1_001_000))
        let ok = try factory.expectCounter("augur_requests_total", [("model", "churn"), ("version", "2"), ("code", "ok")])
        #expect(ok.totalValue == 2)
        let failed = try factory.expectCounter(
            "augur_requests_total", [("model", "churn"), ("version", ProcessorMetrics.noVersion), ("code", "malformed_json")])
        #expect(failed.totalValue == 1)
        let batches = try factory.expectRecorder("augur_batch_size")
        #expect(batches.values == [2.0])
        let inference = try factory.expectTimer("augur_inference_seconds", [("model", "churn")])
        #expect(inference.values == [400_000, 400_000])
    }

    @Test("the group's pending count and lag are read from XINFO GROUPS in RESP2 and RESP3 form")
    func groupStatisticsParsed() {
        let fields: [RESPValue] = [
            .bulk("name"), .bulk("other"), .bulk("pending"), .integer(9), .bulk("last-delivered-id"), .bulk("5-0"),
            .bulk("lag"), .integer(1),
        ]
        let ours: [RESPValue] = [
            .bulk("name"), .bulk("augur"), .bulk("consumers"), .integer(2), .bulk("pending"), .integer(7),
            .bulk("last-delivered-id"), .bulk("9-1"), .bulk("lag"), .integer(40),
        ]
        let resp2 = RESPValue.array([.array(fields), .array(ours)])
        let statistics = GroupStatistics(xinfoGroups: resp2, group: "augur")
        #expect(statistics?.pending == 7 && statistics?.lag == 40)
        let map = stride(from: 0, to: ours.count, by: 2).map { RESPMapEntry(ours[$0], ours[$0 + 1]) }
        #expect(GroupStatistics(xinfoGroups: .array([.map(map)]), group: "augur")?.pending == 7)
        #expect(GroupStatistics(xinfoGroups: resp2, group: "missing") == nil)
    }

    @Test("the request stream is trimmed only below what every group still needs")
    func trimFloorKeepsWhatAnyGroupNeeds() {
        let stats = GroupStatistics.all(
            xinfoGroups: .array([
                .array([.bulk("name"), .bulk("a"), .bulk("pending"), .integer(0), .bulk("last-delivered-id"), .bulk("9-1")]),
                .array([.bulk("name"), .bulk("b"), .bulk("pending"), .integer(2), .bulk("last-delivered-id"), .bulk("12-0")]),
            ]))
        #expect(stats.count == 2)
        let floor = RequestStreamTrimming.floor(groups: stats, lowestPending: ["b": StreamID(milliseconds: 7, sequence: 3)])
        #expect(floor == StreamID(milliseconds: 7, sequence: 3))
        let idle = RequestStreamTrimming.floor(groups: [stats[0]], lowestPending: [:])
        #expect(idle == StreamID(milliseconds: 9, sequence: 2))
        #expect(RequestStreamTrimming.floor(groups: [], lowestPending: [:]) == nil)
    }
}
