import AugurBroker
import AugurRESP
import AugurRedisClient
import Logging
import NIOCore
import Testing

@Suite("In-process sessions")
struct InProcessSessionTests {
    /// Runs a scratch broker with `body` given the server (for sessions) and its address (for socket clients).
    static func withServer(
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        _ body: (BrokerServer, SocketAddress) async throws -> Void
    ) async throws {
        let directory = try BrokerHarness.makeDataDirectory()
        defer { BrokerHarness.removeDirectory(directory) }
        var configuration = BrokerHarness.configuration(dataDirectory: directory)
        configure(&configuration)
        var logger = Logger(label: "augur.broker.test")
        logger.logLevel = .warning
        let server = BrokerServer(configuration: configuration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            do {
                try await body(server, try await server.localAddress)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    /// Runs `body` with a session of `server` whose `run()` lasts as long as `body`.
    static func withSession(
        _ server: BrokerServer, named name: String = "test", _ body: (InProcessBrokerSession) async throws -> Void
    ) async throws {
        let session = server.inProcessSession(named: name)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await session.run() }
            defer { group.cancelAll() }
            try await body(session)
        }
    }

    @Test("a session gets the replies a RESP2 socket client decodes, maps flattened to arrays")
    func repliesMatchSocketClient() async throws {
        try await Self.withServer { server, address in
            try await Self.withSession(server) { session in
                let socket = try await TestRESPClient.connect(to: address)
                defer { Task { await socket.close() } }
                #expect(try await session.send(RESPCommand("XADD", "s", "1-1", "f", "v")) == .bulk("1-1"))
                _ = try await socket.command("XADD", "s", "2-1", "g", "w")
                for words in [["XRANGE", "s", "-", "+"], ["XINFO", "STREAM", "s"], ["XLEN", "s"], ["XREAD", "STREAMS", "nothing", "0"]] {
                    let fromSocket = try await socket.command(words)
                    let fromSession = try await session.sendBatch([RESPCommand(arguments: words.map { ByteBuffer(string: $0) })])[0]
                    #expect(fromSession == fromSocket, "\(words.joined(separator: " "))")
                }
            }
        }
    }

    @Test("an error reply throws RedisError.server with its code, and is a value in a batch")
    func errorReplies() async throws {
        try await Self.withServer { server, _ in
            try await Self.withSession(server) { session in
                await #expect(throws: RedisError.server(code: "ERR", message: "Invalid stream ID specified as stream command argument")) {
                    try await session.send(RESPCommand("XADD", "s", "nonsense", "f", "v"))
                }
                let replies = try await session.sendBatch([RESPCommand("XADD", "s", "0-0", "f", "v"), RESPCommand("PING")])
                #expect(replies.count == 2)
                if case .error = replies[0] {} else { Issue.record("XADD 0-0 should fail, got \(replies[0])") }
                #expect(replies[1] == .simpleString("PONG"))
            }
        }
    }

    @Test("a blocked XREADGROUP in a session is woken by a socket client's XADD")
    func blockedReadWoken() async throws {
        try await Self.withServer { server, address in
            try await Self.withSession(server) { session in
                try await session.xgroupCreate("jobs", group: "g", id: "$", mkstream: true, ignoreExisting: false)
                let socket = try await TestRESPClient.connect(to: address)
                async let read = session.xreadgroup(group: "g", consumer: "c", count: 10, block: .seconds(30), streams: [("jobs", ">")])
                #expect(try await waitForBlockedClients(socket, count: 1))
                _ = try await socket.command("XADD", "jobs", "7-1", "k", "v")
                let streams = try await read
                #expect(streams.first?.messages.map(\.id.description) == ["7-1"])
                #expect(try await socket.command("XPENDING", "jobs", "g")?.elements?.first == .integer(1))
                await socket.close()
            }
        }
    }

    @Test("a session needs no password: it runs in the broker's own process")
    func trustedWithoutPassword() async throws {
        try await Self.withServer(configure: { try? $0.apply(fileContents: "requirepass sesame\n", fileName: "t.conf") }) { server, _ in
            try await Self.withSession(server) { (session: InProcessBrokerSession) async throws in
                #expect(try await session.send(RESPCommand("PING")) == .simpleString("PONG"))
            }
        }
    }

    @Test("a session shows in CLIENT LIST by name while it runs, and is gone once its run() ends")
    func listedWhileRunning() async throws {
        try await Self.withServer { server, address in
            let socket = try await TestRESPClient.connect(to: address)
            try await Self.withSession(server, named: "the-writer") { session in
                _ = try await session.send(RESPCommand("PING"))
                #expect(try await socket.command("CLIENT", "LIST")?.text?.contains("name=the-writer") == true)
            }
            #expect(try await waitForConnectedClients(socket, count: 1))
            await socket.close()
        }
    }

    @Test("commands fail with connectionClosed once the broker stopped, instead of hanging")
    func failsAfterBrokerStopped() async throws {
        let directory = try BrokerHarness.makeDataDirectory()
        defer { BrokerHarness.removeDirectory(directory) }
        let server = BrokerServer(configuration: BrokerHarness.configuration(dataDirectory: directory))
        let session = server.inProcessSession(named: "late")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            _ = try await server.localAddress
            #expect(try await session.send(RESPCommand("PING")) == .simpleString("PONG"))
            group.cancelAll()
            try await group.waitForAll()
        }
        await #expect(throws: RedisError.connectionClosed) { try await session.send(RESPCommand("PING")) }
    }
}

extension TestRESPClient {
    /// Sends the command `words` and returns its reply.
    fileprivate func command(_ words: [String]) async throws -> RESPValue? {
        try await sendRaw(Self.encode(words))
        return try await read()
    }
}
