import AugurClient
import AugurRESP
import AugurRedisClient
import NIOCore
import Testing

@Suite("AugurClient against a daemon on redis-server", .serialized)
struct AugurClientPredictTests {
    @Test("one predict returns the outputs and the version that computed them")
    func onePredict() async throws {
        try await ClientTestHarness.run { client, _ in
            let reply = try await client.predict(model: "churn", inputs: ClientTestHarness.row(1))
            #expect(reply.model == "churn")
            #expect(reply.version == 1)
            #expect(reply.error == nil)
            #expect(ClientTestHarness.probabilities(reply).count == 2)
            #expect(reply.latencyMicros != nil)
        }
    }

    @Test("2,000 concurrent predicts each resolve with their own result")
    func concurrentPredicts() async throws {
        try await ClientTestHarness.run { client, _ in
            let distinct = 40
            var expected: [[Double]] = []
            for index in 0..<distinct {
                expected.append(
                    ClientTestHarness.probabilities(try await client.predict(model: "churn", inputs: ClientTestHarness.row(index)))
                )
            }
            let replies = try await withThrowingTaskGroup(of: (Int, PredictionReply).self) { group in
                for index in 0..<2000 {
                    group.addTask { (index, try await client.predict(model: "churn", inputs: ClientTestHarness.row(index % distinct))) }
                }
                var replies: [(Int, PredictionReply)] = []
                for try await reply in group { replies.append(reply) }
                return replies
            }
            #expect(replies.count == 2000)
            #expect(Set(replies.map(\.1.id)).count == 2000)
            let mismatched = replies.filter { index, reply in
                let got = ClientTestHarness.probabilities(reply)
                let want = expected[index % distinct]
                return got.count != want.count || zip(got, want).contains { abs($0 - $1) > 1e-5 }
            }
            #expect(mismatched.isEmpty)
            #expect(client.duplicateCount == 0)
            #expect(client.inFlightCount == 0)
        }
    }

    @Test("an error result surfaces its code and message")
    func errorResult() async throws {
        try await ClientTestHarness.run { client, _ in
            let reply = try await client.predict(model: "no-such-model", inputs: ClientTestHarness.row(1))
            #expect(reply.error?.code == "unknown_model")
            #expect(reply.error?.message.contains("no-such-model") == true)
            #expect(reply.outputs == nil)
            #expect(reply.version == nil)
        }
    }

    @Test("a request for a version that is not served gets unknown_version")
    func versionNotServed() async throws {
        try await ClientTestHarness.run { client, _ in
            let reply = try await client.predict(model: "churn", version: 7, inputs: ClientTestHarness.row(1))
            #expect(reply.error?.code == "unknown_version")
        }
    }

    @Test("results read are trimmed from the reply stream")
    func replyStreamTrimmed() async throws {
        try await ClientTestHarness.run { client, server in
            for index in 0..<20 { _ = try await client.predict(model: "churn", inputs: ClientTestHarness.row(index)) }
            let connection = try await server.connect()
            defer { connection.abort() }
            let stream = client.configuration.replyStream
            #expect(try await ClientTestHarness.eventually { try await connection.xlen(stream) == 0 })
        }
    }

    @Test("the reply stream is deleted when run() ends")
    func replyStreamDeleted() async throws {
        var existedWhileRunning = false
        try await ClientTestHarness.run(afterStop: { client, server in
            let connection = try await server.connect()
            defer { connection.abort() }
            let exists = try await connection.send(
                RESPCommand(arguments: [ByteBuffer(string: "EXISTS"), ByteBuffer(string: client.configuration.replyStream)])
            )
            #expect(exists == .integer(0))
        }) { client, server in
            _ = try await client.predict(model: "churn", inputs: ClientTestHarness.row(1))
            let connection = try await server.connect()
            defer { connection.abort() }
            let exists = try await connection.send(
                RESPCommand(arguments: [ByteBuffer(string: "EXISTS"), ByteBuffer(string: client.configuration.replyStream)])
            )
            existedWhileRunning = exists == .integer(1)
        }
        #expect(existedWhileRunning)
    }
}
