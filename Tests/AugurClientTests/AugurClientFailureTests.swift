import AugurClient
import AugurRedisClient
import NIOCore
import Testing

@Suite("AugurClient when results do not come as expected", .serialized)
struct AugurClientFailureTests {
    @Test("a predict times out when no daemon answers")
    func timeoutWithoutDaemon() async throws {
        try await ClientTestHarness.run(daemon: false, configure: { $0.timeout = .milliseconds(200) }) { client, _ in
            await #expect(throws: AugurClientError.timeout(.milliseconds(200))) {
                _ = try await client.predict(model: "churn", inputs: ClientTestHarness.row(1))
            }
            #expect(client.inFlightCount == 0)
        }
    }

    @Test("a cancelled predict ends with cancelled and frees its place")
    func cancelledPredict() async throws {
        try await ClientTestHarness.run(daemon: false) { client, _ in
            let task = Task { try await client.predict(model: "churn", inputs: ClientTestHarness.row(1)) }
            task.cancel()
            await #expect(throws: AugurClientError.cancelled) { _ = try await task.value }
            #expect(client.inFlightCount == 0)
        }
    }

    @Test("a result delivered twice resolves the predict once and counts one duplicate")
    func duplicateResult() async throws {
        try await ClientTestHarness.run(daemon: false) { client, server in
            let responder = try await server.connect()
            defer { responder.abort() }
            async let reply = client.predict(model: "churn", inputs: "[1]")
            var requests: [StreamMessage] = []
            #expect(
                try await ClientTestHarness.eventually {
                    requests = try await responder.xrange("augur:requests")
                    return !requests.isEmpty
                }
            )
            let request = try #require(requests.first)
            let replyTo = try #require(request["reply_to"].map { String(buffer: $0) })
            let fields: [(name: String, value: ByteBuffer)] = [
                ("id", try #require(request["id"])), ("model", ByteBuffer(string: "churn")),
                ("version", ByteBuffer(string: "3")), ("outputs", ByteBuffer(string: "[]")),
                ("latency_us", ByteBuffer(string: "12")),
            ]
            _ = try await responder.xadd(replyTo, fields: fields)
            _ = try await responder.xadd(replyTo, fields: fields)
            let answer = try await reply
            #expect(answer.version == 3 && answer.outputs == "[]" && answer.latencyMicros == 12)
            #expect(try await ClientTestHarness.eventually { client.duplicateCount == 1 })
        }
    }

    @Test("a result whose id the client never issued is counted as unknown and dropped")
    func foreignResult() async throws {
        try await ClientTestHarness.run(daemon: false) { client, server in
            let connection = try await server.connect()
            defer { connection.abort() }
            _ = try await connection.xadd(
                client.configuration.replyStream,
                fields: [(name: "id", value: ByteBuffer(string: "someone-else-1")), (name: "model", value: ByteBuffer(string: "m"))]
            )
            #expect(try await ClientTestHarness.eventually { client.unknownResultCount == 1 })
            #expect(client.duplicateCount == 0)
        }
    }

    @Test("predict after run() has returned throws notRunning")
    func predictAfterStop() async throws {
        var stopped: AugurClient?
        try await ClientTestHarness.run(daemon: false, afterStop: { client, _ in stopped = client }) { _, _ in }
        let client = try #require(stopped)
        await #expect(throws: AugurClientError.notRunning) {
            _ = try await client.predict(model: "churn", inputs: "[1]")
        }
    }

    @Test("a batch larger than maxInFlight is refused without calling the handler")
    func batchOverloaded() async throws {
        try await ClientTestHarness.run(daemon: false, configure: { $0.maxInFlight = 2 }) { client, _ in
            let call = PredictionCall(model: "churn", inputs: "[1]")
            await #expect(throws: AugurClientError.overloaded(inFlight: 3, maxInFlight: 2)) {
                try await client.send([call, call, call]) { _, _ in Issue.record("the handler must not run") }
            }
        }
    }

    @Test("predicts beyond maxInFlight wait for room and then complete")
    func waitsForRoom() async throws {
        try await ClientTestHarness.run(configure: { $0.maxInFlight = 4 }) { client, _ in
            let replies = try await withThrowingTaskGroup(of: PredictionReply.self) { group in
                for index in 0..<40 { group.addTask { try await client.predict(model: "churn", inputs: ClientTestHarness.row(index)) } }
                var replies: [PredictionReply] = []
                for try await reply in group { replies.append(reply) }
                return replies
            }
            #expect(replies.count == 40)
            #expect(replies.allSatisfy { $0.version == 1 && $0.error == nil })
        }
    }
}
