import AugurRESP
import AugurRedisClient
import AugurTestSupport
import Testing

@Suite("Server errors")
struct ServerErrorTests {
    @Test("an error reply throws RedisError.server with the code split from the message")
    func errorReplyIsTyped() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        await #expect(
            throws: RedisError.server(
                code: "NOGROUP",
                message: "No such key 'missing' or consumer group 'g' in XREADGROUP with GROUP option"
            )
        ) {
            try await connection.send(RESPCommand("XREADGROUP", "GROUP", "g", "c", "STREAMS", "missing", ">"))
        }
        await connection.close()
    }

    @Test("a connection keeps working after an error reply")
    func connectionSurvivesErrorReply() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        await #expect(throws: RedisError.self) { try await connection.send(RESPCommand("NOSUCHCOMMAND")) }
        #expect(try await connection.send(RESPCommand("PING")) == .simpleString("PONG"))
        await connection.close()
    }

    @Test("error text without an upper-case first word keeps it all as the message")
    func errorTextWithoutCode() {
        #expect(
            RedisError(serverErrorText: "WRONGTYPE Operation against a key")
                == .server(code: "WRONGTYPE", message: "Operation against a key")
        )
        #expect(RedisError(serverErrorText: "Error something") == .server(code: "", message: "Error something"))
        #expect(RedisError(serverErrorText: "BUSYGROUP") == .server(code: "BUSYGROUP", message: ""))
    }
}
