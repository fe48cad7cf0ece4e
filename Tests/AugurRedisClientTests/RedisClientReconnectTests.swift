import AugurRESP
import AugurRedisClient
import AugurTestSupport
import NIOConcurrencyHelpers
import NIOCore
import Testing

@Suite("RedisClient reconnection")
struct RedisClientReconnectTests {
    private func configuration(_ server: RedisServerProcess, waitTimeout: Duration = .seconds(20)) -> RedisClient.Configuration {
        RedisClient.Configuration(
            connection: server.configuration(),
            reconnectBackoff: ReconnectBackoff(minDelay: .milliseconds(20), maxDelay: .milliseconds(200)),
            connectionWaitTimeout: waitTimeout
        )
    }

    /// Runs `client` for the duration of `body`, then cancels it.
    private func withRunning(_ client: RedisClient, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body()
        }
    }

    @Test("after a server restart on the same port the client reconnects and re-runs onConnect")
    func reconnectsAndRerunsHook() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let hookRuns = NIOLockedValueBox(0)
        let client = RedisClient(configuration: configuration(server)) { connection in
            try await connection.xgroupCreate("requests", group: "workers", mkstream: true, ignoreExisting: true)
            hookRuns.withLockedValue { $0 += 1 }
        }
        try await withRunning(client) {
            _ = try await client.xadd("requests", fields: [(name: "n", value: ByteBuffer(string: "1"))])
            let before = try await client.connection()
            server.stop()
            await before.waitUntilClosed()
            try await server.start()
            // The restarted server lost the group; reading from it works only if the hook ran again.
            let read = try await client.xreadgroup(
                group: "workers",
                consumer: "w",
                block: .milliseconds(10),
                streams: [(key: "requests", id: ">")]
            )
            #expect(read.isEmpty)
        }
        #expect(hookRuns.withLockedValue { $0 } == 2)
    }

    @Test("a command in flight when the connection drops fails with connectionClosed")
    func inFlightCommandFailsOnDrop() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let client = RedisClient(configuration: configuration(server))
        let observer = try await server.connect()
        try await withRunning(client) {
            let blocked = Task { try await client.send(RESPCommand("BLPOP", "never", "0"), blockingFor: .zero) }
            try await waitUntilBlocked(observer: observer, clients: 1)
            _ = try await observer.send(RESPCommand("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"))
            await #expect(throws: RedisError.connectionClosed) { try await blocked.value }
            #expect(try await client.send(RESPCommand("PING")) == .simpleString("PONG"))
        }
        await observer.close()
    }

    @Test("a command sent while disconnected waits for the reconnect")
    func commandWaitsForReconnect() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let client = RedisClient(configuration: configuration(server))
        try await withRunning(client) {
            let before = try await client.connection()
            server.stop()
            await before.waitUntilClosed()
            let echo = Task { try await client.send(RESPCommand("ECHO", "after")) }
            try await server.start()
            #expect(try await echo.value == .bulk("after"))
        }
    }

    @Test("a command sent while the server stays down fails with notConnected after the wait timeout")
    func commandFailsWhenServerStaysDown() async throws {
        let server = try await RedisServerProcess()
        server.stop()
        let client = RedisClient(configuration: configuration(server, waitTimeout: .milliseconds(300)))
        try await withRunning(client) { () async throws in
            await #expect {
                try await client.send(RESPCommand("PING"))
            } throws: { error in
                guard case RedisError.notConnected(let waited, let lastError) = error else { return false }
                // The first attempt may not have failed yet on a busy machine; when it has, its reason is kept.
                return waited == .milliseconds(300) && (lastError?.contains("\(server.port)") ?? true)
            }
        }
    }

    @Test("a failing onConnect hook counts as a failed attempt and is retried")
    func failingHookIsRetried() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let attempts = NIOLockedValueBox(0)
        let client = RedisClient(configuration: configuration(server)) { _ in
            let attempt = attempts.withLockedValue { count in
                count += 1
                return count
            }
            if attempt == 1 { throw RedisError.server(code: "ERR", message: "first attempt refused") }
        }
        try await withRunning(client) {
            let pong = try await client.send(RESPCommand("PING"))
            #expect(pong == .simpleString("PONG"))
        }
        #expect(attempts.withLockedValue { $0 } == 2)
    }

    @Test("after run() returns, commands fail with clientShutDown")
    func commandsFailAfterShutdown() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let client = RedisClient(configuration: configuration(server))
        try await withRunning(client) {
            _ = try await client.send(RESPCommand("PING"))
        }
        await #expect(throws: RedisError.clientShutDown) { try await client.send(RESPCommand("PING")) }
    }
}
