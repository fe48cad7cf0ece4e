import AugurRESP
import AugurRedisClient
import AugurTestSupport
import Testing

@Suite("Authentication")
struct AuthenticationTests {
    @Test("the configured password authenticates", arguments: [RESPProtocolVersion.resp2, .resp3])
    func passwordAuthenticates(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess(password: "s3cret")
        defer { server.stop() }
        let connection = try await server.connect(version)
        #expect(try await connection.send(RESPCommand("SET", "k", "v")) == .ok)
        await connection.close()
    }

    @Test("a wrong password fails the connect with WRONGPASS", arguments: [RESPProtocolVersion.resp2, .resp3])
    func wrongPasswordFails(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess(password: "s3cret")
        defer { server.stop() }
        var configuration = server.configuration(version)
        configuration.password = "wrong"
        await #expect {
            try await RedisConnection.connect(configuration: configuration)
        } throws: { error in
            guard case RedisError.server(let code, _) = error else { return false }
            return code == "WRONGPASS"
        }
    }

    @Test("without a password commands fail with NOAUTH")
    func missingPasswordFails() async throws {
        let server = try await RedisServerProcess(password: "s3cret")
        defer { server.stop() }
        var configuration = server.configuration()
        configuration.password = nil
        let connection = try await RedisConnection.connect(configuration: configuration)
        await #expect {
            try await connection.send(RESPCommand("GET", "k"))
        } throws: { error in
            guard case RedisError.server(let code, _) = error else { return false }
            return code == "NOAUTH"
        }
        await connection.close()
    }

    @Test("the client name is set at connect", arguments: [RESPProtocolVersion.resp2, .resp3])
    func clientNameIsSet(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess(password: "s3cret")
        defer { server.stop() }
        var configuration = server.configuration(version)
        configuration.clientName = "augur-worker-1"
        let connection = try await RedisConnection.connect(configuration: configuration)
        #expect(try await connection.send(RESPCommand("CLIENT", "GETNAME")) == .bulk("augur-worker-1"))
        await connection.close()
    }
}
