import AugurBroker
import AugurRESP
import Foundation
import Logging
import NIOCore
import Testing

@Suite("Limits, shutdown and log rewrite")
struct LifecycleTests {
    @Test("a client beyond maxclients gets Redis's error and is closed; the others keep working")
    func maxClients() async throws {
        try await BrokerHarness.withScratchBroker(configure: { $0.maxClients = 2 }) { address in
            let first = try await TestRESPClient.connect(to: address)
            let second = try await TestRESPClient.connect(to: address)
            #expect(try await first.command("PING") == .simpleString("PONG"))
            #expect(try await second.command("PING") == .simpleString("PONG"))
            let third = try await TestRESPClient.connect(to: address)
            #expect(try await third.read() == .error("ERR max number of clients reached"))
            #expect(await third.readUntilClosed() == 0)
            #expect(try await first.command("PING") == .simpleString("PONG"))
            for client in [first, second, third] { await client.close() }
        }
    }

    @Test("SHUTDOWN stops the server after committing the log")
    func shutdownCommand() async throws {
        let directory = try BrokerHarness.makeDataDirectory()
        defer { BrokerHarness.removeDirectory(directory) }
        let configuration = BrokerHarness.configuration(dataDirectory: directory)
        var logger = Logger(label: "augur.broker.test")
        logger.logLevel = .warning
        let server = BrokerServer(configuration: configuration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let client = try await TestRESPClient.connect(to: try await server.localAddress)
            #expect(try await client.command("XADD", "s", "1-1", "k", "v") == .bulk("1-1"))
            try await client.send("SHUTDOWN")
            #expect(await client.readUntilClosed() == 0)
            // run() returns on its own: no cancellation here.
            try await group.next()
            await client.close()
        }
        try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("XLEN", "s") == .integer(1))
            await client.close()
        }
    }

    @Test("BGREWRITEAOF compacts the log and the state survives a restart")
    func rewriteKeepsState() async throws {
        let directory = try BrokerHarness.makeDataDirectory()
        defer { BrokerHarness.removeDirectory(directory) }
        let configuration = BrokerHarness.configuration(dataDirectory: directory)
        let logPath = configuration.appendLogConfiguration.filePath
        var sizeBefore = 0
        try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            var batch = ByteBuffer()
            for index in 1...2000 {
                batch.writeImmutableBuffer(TestRESPClient.encode(["XADD", "s", "\(index)-0", "payload", String(repeating: "p", count: 100)]))
            }
            try await client.sendRaw(batch)
            for _ in 1...2000 { _ = try await client.read() }
            #expect(try await client.command("XTRIM", "s", "MAXLEN", "10") == .integer(1990))
            #expect(try await client.command("XGROUP", "CREATE", "s", "g", "0") == .ok)
            _ = try await client.command("XREADGROUP", "GROUP", "g", "c", "COUNT", "3", "STREAMS", "s", ">")
            sizeBefore = (try FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int) ?? 0
            #expect(try await client.command("BGREWRITEAOF") == .simpleString("Background append only file rewriting started"))
            #expect(try await waitForInfo(client, section: "persistence") { $0.contains("aof_rewrites:1\r\n") })
            #expect(try await client.command("XADD", "s", "3000-0", "after", "rewrite") == .bulk("3000-0"))
            await client.close()
        }
        let sizeAfter = (try FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int) ?? 0
        #expect(sizeAfter < sizeBefore / 10)
        try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("XLEN", "s") == .integer(11))
            let pending = try #require(try await client.command("XPENDING", "s", "g")?.elements)
            #expect(pending.first == .integer(3))
            await client.close()
        }
    }

    @Test("an idle client is closed after the configured timeout; a blocked one is not")
    func idleTimeout() async throws {
        // The blocked client blocks right after connecting, well inside the timeout even on a loaded machine.
        try await BrokerHarness.withScratchBroker(configure: { $0.idleTimeoutSeconds = 3 }) { address in
            let blocked = try await TestRESPClient.connect(to: address)
            try await blocked.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
            let idle = try await TestRESPClient.connect(to: address)
            #expect(try await idle.command("PING") == .simpleString("PONG"))
            #expect(await idle.readUntilClosed() == 0)
            let writer = try await TestRESPClient.connect(to: address)
            #expect(try await writer.command("XADD", "s", "1-1", "k", "v") == .bulk("1-1"))
            let woken = try await blocked.read()
            #expect(woken?.elements?.count == 1)
            for client in [idle, blocked, writer] { await client.close() }
        }
    }
}
