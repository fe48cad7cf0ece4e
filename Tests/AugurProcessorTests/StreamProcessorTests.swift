import AugurModels
import AugurProcessor
import AugurRESP
import AugurRedisClient
import AugurTestSupport
import Foundation
import NIOCore
import Testing

@testable import AugurProcessor

@Suite("StreamProcessor against redis-server", .serialized)
struct StreamProcessorTests {
    /// A running server, a served model, connections and a processor with `configuration`.
    private struct Setup {
        let server: RedisServerProcess
        let served: ServedModels
        let client: RedisConnection
        let processor: StreamProcessor

        init(
            _ configuration: ProcessorConfiguration = ProcessorConfiguration(),
            onDelivered: @escaping @Sendable (DeliveredBatch) -> Void = { _ in }
        ) async throws {
            server = try await RedisServerProcess()
            served = try await ServedModels([("logreg_binary", "churn", 1)])
            client = try await server.connect()
            let reader = try await server.connect()
            let writer = try await server.connect()
            processor = StreamProcessor(
                reader: reader,
                writer: writer,
                planner: BatchPlanner(host: served.host, configuration: configuration),
                idleBlock: .milliseconds(50),
                onDelivered: onDelivered
            )
            try await processor.prepare()
        }

        func addRequest(id: String, inputs: String, extra: [(String, String)] = []) async throws {
            let fields = [("id", id), ("model", "churn"), ("inputs", inputs)] + extra
            _ = try await client.xadd("augur:requests", fields: fields.map { (name: $0.0, value: ByteBuffer(string: $0.1)) })
        }

        func entries(_ stream: String) async throws -> [[String: String]] {
            try await client.xrange(stream).map { message in
                var map: [String: String] = [:]
                for field in message.fields { map[String(buffer: field.name)] = String(buffer: field.value) }
                return map
            }
        }
    }

    private let goodRow = rowsJSON(sampleRows(1, width: 6, seed: 1))

    @Test("a batch is answered on each reply stream and acknowledged")
    func batchAnsweredAndAcknowledged() async throws {
        let setup = try await Setup()
        try await setup.addRequest(id: "a", inputs: goodRow)
        try await setup.addRequest(id: "b", inputs: "[[1,2")
        try await setup.addRequest(id: "c", inputs: goodRow, extra: [("reply_to", "mine")])
        #expect(try await setup.processor.processNextBatch(block: .milliseconds(100)) == 3)
        let results = try await setup.entries("augur:results")
        #expect(results.map { $0["id"] } == ["a", "b"])
        #expect(results[0]["version"] == "1" && results[0]["outputs"] != nil && results[0]["latency_us"] != nil)
        #expect(results[1]["error"]?.contains("malformed_json") == true)
        #expect(try await setup.entries("mine").map { $0["id"] } == ["c"])
        #expect(try await setup.client.xpending("augur:requests", group: "augur").count == 0)
        setup.server.stop()
    }

    @Test("entries another consumer left pending are claimed and answered")
    func staleEntriesClaimed() async throws {
        let setup = try await Setup(ProcessorConfiguration(claimIdleMilliseconds: 0))
        try await setup.addRequest(id: "stale", inputs: goodRow)
        _ = try await setup.client.xreadgroup(group: "augur", consumer: "crashed", count: 10, streams: [("augur:requests", ">")])
        #expect(try await setup.processor.claimStale() == 1)
        #expect(try await setup.entries("augur:results").map { $0["id"] } == ["stale"])
        #expect(try await setup.client.xpending("augur:requests", group: "augur").count == 0)
        setup.server.stop()
    }

    @Test("an entry delivered more than maxDeliveries times is dead-lettered with max_deliveries")
    func deadLetterAfterMaxDeliveries() async throws {
        let setup = try await Setup(ProcessorConfiguration(claimIdleMilliseconds: 0, maxDeliveries: 1))
        try await setup.addRequest(id: "poison", inputs: goodRow)
        _ = try await setup.client.xreadgroup(group: "augur", consumer: "crashed", count: 10, streams: [("augur:requests", ">")])
        #expect(try await setup.processor.claimStale() == 1)
        let dead = try await setup.entries("augur:dead")
        #expect(dead.map { $0["id"] } == ["poison"])
        #expect(dead.first?["error"]?.contains("max_deliveries") == true)
        let results = try await setup.entries("augur:results")
        #expect(results.map { $0["id"] } == ["poison"])
        #expect(results.first?["error"]?.contains("max_deliveries") == true)
        #expect(try await setup.client.xpending("augur:requests", group: "augur").count == 0)
        setup.server.stop()
    }

    @Test("run answers requests until its task is cancelled")
    func runUntilCancelled() async throws {
        let setup = try await Setup()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await setup.processor.run() }
            try await setup.addRequest(id: "live", inputs: goodRow)
            var answered = 0
            for _ in 0..<400 where answered == 0 {
                answered = try await setup.client.xlen("augur:results")
                if answered == 0 { try await Task.sleep(for: .milliseconds(25)) }
            }
            group.cancelAll()
            try await group.waitForAll()
            #expect(answered == 1)
        }
        #expect(try await setup.entries("augur:results").map { $0["id"] } == ["live"])
        setup.server.stop()
    }

    @Test("run answers a burst many times its in-flight window exactly once and leaves nothing pending")
    func burstAnsweredOnceWithBatchesInFlight() async throws {
        let setup = try await Setup(ProcessorConfiguration(maxBatch: 16, maxWaitMicroseconds: 0, inFlightBatches: 3, workerThreads: 2))
        let count = 1_500
        let pipeline = (0..<count).map { index in
            RESPCommand("XADD", "augur:requests", "*", "id", "r\(index)", "model", "churn", "inputs", goodRow)
        }
        _ = try await setup.client.sendBatch(pipeline)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await setup.processor.run() }
            for _ in 0..<1200 where try await setup.client.xlen("augur:results") < count {
                try await Task.sleep(for: .milliseconds(25))
            }
            group.cancelAll()
            try await group.waitForAll()
        }
        let ids = try await setup.entries("augur:results").compactMap { $0["id"] }
        #expect(ids.count == count)
        #expect(Set(ids) == Set((0..<count).map { "r\($0)" }))
        #expect(try await setup.client.xpending("augur:requests", group: "augur").count == 0)
        setup.server.stop()
    }

    @Test("every written result is reported once, with its model call between the read and the write")
    func deliveredBatchesReportTimes() async throws {
        let reported = LockedBox<[DeliveredBatch]>([])
        let setup = try await Setup { batch in reported.withLock { $0.append(batch) } }
        try await setup.addRequest(id: "a", inputs: goodRow)
        try await setup.addRequest(id: "b", inputs: "not json")
        #expect(try await setup.processor.processNextBatch(block: .milliseconds(100)) == 2)
        let batches = reported.withLock { $0 }
        #expect(batches.count == 1)
        let batch = try #require(batches.first)
        #expect(batch.results.map(\.id) == ["a", "b"])
        let time = try #require(batch.results[0].modelTime)
        #expect(batch.readMicros <= time.lowerBound && time.upperBound <= batch.writtenMicros)
        #expect(batch.results[1].modelTime == nil && batch.results[1].error?.code == .malformedJSON)
        #expect(batch.results[0].inputs.map { String(buffer: $0) } == goodRow)
        setup.server.stop()
    }

    @Test("trimming removes answered requests and keeps those still pending or not yet read")
    func trimmingKeepsUnansweredRequests() async throws {
        let setup = try await Setup()
        try await setup.addRequest(id: "answered", inputs: goodRow)
        #expect(try await setup.processor.processNextBatch(block: .milliseconds(100)) == 1)
        try await setup.addRequest(id: "held", inputs: goodRow)
        _ = try await setup.client.xreadgroup(group: "augur", consumer: "slow", count: 1, streams: [("augur:requests", ">")])
        try await setup.addRequest(id: "unread", inputs: goodRow)
        #expect(try await RequestStreamTrimming.trim("augur:requests", using: setup.client) == 1)
        #expect(try await setup.entries("augur:requests").map { $0["id"] } == ["held", "unread"])
        setup.server.stop()
    }

    @Test("run recovers when the request stream and its group are deleted")
    func runRecoversFromDeletedStream() async throws {
        let setup = try await Setup()
        func waitForResults(_ count: Int) async throws {
            for _ in 0..<400 where try await setup.client.xlen("augur:results") < count {
                try await Task.sleep(for: .milliseconds(25))
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await setup.processor.run() }
            try await setup.addRequest(id: "before", inputs: goodRow)
            try await waitForResults(1)
            _ = try await setup.client.send(RESPCommand("DEL", "augur:requests"))
            try await setup.addRequest(id: "after", inputs: goodRow)
            try await waitForResults(2)
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(try await setup.entries("augur:results").map { $0["id"] } == ["before", "after"])
        setup.server.stop()
    }
}

/// A value shared with a callback that runs on another task.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
