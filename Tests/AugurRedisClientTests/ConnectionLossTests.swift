import AugurRESP
import AugurRedisClient
import AugurTestSupport
import Testing

@Suite("RedisConnection loss")
struct ConnectionLossTests {
    @Test("CLIENT KILL fails the blocked command and those pipelined behind it with connectionClosed")
    func clientKillFailsInFlight() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let victim = try await server.connect()
        let killer = try await server.connect()
        guard case .integer(let victimID) = try await victim.send(RESPCommand("CLIENT", "ID")) else {
            Issue.record("CLIENT ID did not return an integer")
            return
        }
        let blocked = Task { try await victim.send(RESPCommand("BLPOP", "never", "0"), blockingFor: .zero) }
        try await waitUntilBlocked(observer: killer, clients: 1)
        let behind = Task { try await victim.send(RESPCommand("PING")) }
        _ = try await killer.send(RESPCommand("CLIENT", "KILL", "ID", "\(victimID)"))
        await #expect(throws: RedisError.connectionClosed) { try await blocked.value }
        await #expect(throws: RedisError.connectionClosed) { try await behind.value }
        await killer.close()
    }

    @Test("stopping the server fails in-flight commands and later sends with connectionClosed")
    func serverStopFailsInFlight() async throws {
        let server = try await RedisServerProcess()
        let connection = try await server.connect()
        let observer = try await server.connect()
        let blocked = Task { try await connection.send(RESPCommand("BLPOP", "never", "0"), blockingFor: .zero) }
        try await waitUntilBlocked(observer: observer, clients: 1)
        server.stop()
        await #expect(throws: RedisError.connectionClosed) { try await blocked.value }
        await connection.waitUntilClosed()
        await #expect(throws: RedisError.connectionClosed) { try await connection.send(RESPCommand("PING")) }
    }

    @Test("a reply slower than the command timeout fails with commandTimeout and closes the connection")
    func commandTimeoutClosesConnection() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        var configuration = server.configuration()
        configuration.commandTimeout = .milliseconds(200)
        let connection = try await RedisConnection.connect(configuration: configuration)
        // BLPOP sent as if it did not block, so only the command timeout can end the wait.
        await #expect(throws: RedisError.commandTimeout(.milliseconds(200))) {
            try await connection.send(RESPCommand("BLPOP", "never", "0"))
        }
        await connection.waitUntilClosed()
        #expect(!connection.isOpen)
    }

    @Test("connecting to a port nobody listens on fails with connectFailed")
    func connectToClosedPortFails() async throws {
        let server = try await RedisServerProcess()
        server.stop()
        await #expect {
            try await server.connect()
        } throws: { error in
            guard case RedisError.connectFailed(_, let port, _) = error else { return false }
            return port == server.port
        }
    }

    @Test("a blocking read's block time is added to the command timeout")
    func blockTimeExtendsCommandTimeout() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        var configuration = server.configuration()
        configuration.commandTimeout = .seconds(1)
        let connection = try await RedisConnection.connect(configuration: configuration)
        let streams = try await connection.xread(streams: [(key: "control", id: "$")], block: .seconds(2))
        #expect(streams.isEmpty)
        #expect(connection.isOpen)
        await connection.close()
    }
}
