import AugurRESP
import AugurRedisClient
import AugurTestSupport
import NIOCore
import Testing

@Suite("RedisConnection pipelining")
struct ConnectionPipeliningTests {
    @Test("10,000 concurrent sends from many tasks each get their own reply")
    func concurrentSendsGetOwnReplies() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<100 {
                group.addTask {
                    var wrong = 0
                    try await withThrowingTaskGroup(of: Bool.self) { inner in
                        for index in 0..<100 {
                            let text = "\(task)-\(index)"
                            inner.addTask {
                                try await connection.send(RESPCommand("ECHO", text)) == .bulk(text)
                            }
                        }
                        for try await matched in inner where !matched { wrong += 1 }
                    }
                    return wrong
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        await connection.close()
    }

    @Test("sendBatch returns replies in command order")
    func batchRepliesInOrder() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        let commands = (0..<500).map { RESPCommand("ECHO", "m\($0)") }
        let replies = try await connection.sendBatch(commands)
        #expect(replies == (0..<500).map { RESPValue.bulk("m\($0)") })
        await connection.close()
    }

    @Test("sendBatch keeps an error reply in its place without failing the batch")
    func batchKeepsErrorInPlace() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        let replies = try await connection.sendBatch([
            RESPCommand("SET", "k", "v"), RESPCommand("XLEN", "k"), RESPCommand("GET", "k"),
        ])
        #expect(replies.count == 3)
        #expect(replies[0] == .ok)
        guard case .error(let text) = replies[1] else {
            Issue.record("expected an error reply, got \(replies[1])")
            return
        }
        #expect(text.hasPrefix("WRONGTYPE"))
        #expect(replies[2] == .bulk("v"))
        await connection.close()
    }

    @Test("close waits for the reply to a command already sent")
    func closeWaitsForOutstandingReplies() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        let other = try await server.connect()
        async let reply = connection.send(RESPCommand("BLPOP", "list", "0"), blockingFor: .zero)
        try await waitUntilBlocked(observer: other, clients: 1)
        async let closed: Void = connection.close()
        // Gives close() time to start first; if it has not, the test still passes, it just proves less.
        try await Task.sleep(for: .milliseconds(50))
        _ = try await other.send(RESPCommand("LPUSH", "list", "x"))
        await closed
        #expect(try await reply == .array([.bulk("list"), .bulk("x")]))
        await #expect(throws: RedisError.connectionClosed) {
            try await connection.send(RESPCommand("PING"))
        }
        await other.close()
    }

    @Test("RESP3 push messages are skipped, not taken as replies")
    func pushMessagesAreSkipped() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let tracked = try await server.connect(.resp3)
        let writer = try await server.connect()
        #expect(try await tracked.send(RESPCommand("CLIENT", "TRACKING", "ON")) == .ok)
        _ = try await tracked.send(RESPCommand("GET", "k"))
        // The server queues an invalidation push to `tracked` before it answers this SET.
        _ = try await writer.send(RESPCommand("SET", "k", "v"))
        #expect(try await tracked.send(RESPCommand("ECHO", "after-push")) == .bulk("after-push"))
        await tracked.close()
        await writer.close()
    }
}
