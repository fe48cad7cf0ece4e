import AugurRESP
import Foundation
import NIOCore
import Testing

@Suite("Persistence across restarts")
struct PersistenceTests {
    /// The parts of XPENDING's extended form that must survive a restart: id, consumer, delivery count.
    static func pendingSummary(_ reply: RESPValue?) -> [[RESPValue]] {
        (reply?.elements ?? []).compactMap { entry in
            guard let fields = entry.elements, fields.count == 4 else { return nil }
            return [fields[0], fields[1], fields[3]]
        }
    }

    @Test("a restart on the same data directory restores streams, groups and pending entries")
    func restartRestoresState() async throws {
        let directory = try BrokerHarness.makeDataDirectory()
        defer { BrokerHarness.removeDirectory(directory) }
        let configuration = BrokerHarness.configuration(dataDirectory: directory)

        let before = try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            for index in 1...20 {
                #expect(try await client.command("XADD", "orders", "\(index)-0", "n", "\(index)") == .bulk("\(index)-0"))
            }
            #expect(try await client.command("XGROUP", "CREATE", "orders", "billing", "0") == .ok)
            _ = try await client.command("XREADGROUP", "GROUP", "billing", "alice", "COUNT", "5", "STREAMS", "orders", ">")
            _ = try await client.command("XREADGROUP", "GROUP", "billing", "bob", "COUNT", "3", "STREAMS", "orders", ">")
            #expect(try await client.command("XACK", "orders", "billing", "2-0", "7-0") == .integer(2))
            _ = try await client.command("XCLAIM", "orders", "billing", "bob", "0", "1-0")
            let snapshot = (
                range: try await client.command("XRANGE", "orders", "-", "+"),
                pending: Self.pendingSummary(try await client.command("XPENDING", "orders", "billing", "-", "+", "100")),
                groups: try await client.command("XINFO", "GROUPS", "orders")
            )
            await client.close()
            return snapshot
        }
        #expect(before.pending.count == 6)

        try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("XRANGE", "orders", "-", "+") == before.range)
            #expect(
                Self.pendingSummary(try await client.command("XPENDING", "orders", "billing", "-", "+", "100"))
                    == before.pending)
            #expect(try await client.command("XINFO", "GROUPS", "orders") == before.groups)
            #expect(try await client.command("XADD", "orders", "*", "n", "21") != nil)
            #expect(try await client.command("XLEN", "orders") == .integer(21))
            await client.close()
        }
    }

    @Test("a damaged tail in the log is cut at start and the intact records are kept")
    func corruptTailIsCut() async throws {
        let directory = try BrokerHarness.makeDataDirectory()
        defer { BrokerHarness.removeDirectory(directory) }
        let configuration = BrokerHarness.configuration(dataDirectory: directory)

        try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            for index in 1...10 {
                _ = try await client.command("XADD", "s", "\(index)-0", "k", "v\(index)")
            }
            await client.close()
        }
        let logPath = configuration.appendLogConfiguration.filePath
        let handle = try #require(FileHandle(forWritingAtPath: logPath))
        handle.seekToEndOfFile()
        handle.write(Data([0x00, 0x00, 0x01, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x42, 0x42, 0x42]))
        try handle.close()

        try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("XLEN", "s") == .integer(10))
            #expect(try await client.command("XADD", "s", "11-0", "k", "v11") == .bulk("11-0"))
            await client.close()
        }
        try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("XLEN", "s") == .integer(11))
            let last = try #require(try await client.command("XREVRANGE", "s", "+", "-", "COUNT", "1")?.elements)
            #expect(last.first?.elements?.first == .bulk("11-0"))
            await client.close()
        }
    }

    @Test("pipelined XADDs are all acknowledged and all survive a restart")
    func pipelinedWritesSurvive() async throws {
        let directory = try BrokerHarness.makeDataDirectory()
        defer { BrokerHarness.removeDirectory(directory) }
        var configuration = BrokerHarness.configuration(dataDirectory: directory)
        configuration.appendFsync = .always
        let count = 10_000
        try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            var batch = ByteBuffer()
            for index in 1...count { batch.writeImmutableBuffer(TestRESPClient.encode(["XADD", "p", "\(index)-0", "i", "\(index)"])) }
            try await client.sendRaw(batch)
            for index in 1...count {
                let reply = try await client.read()
                guard reply == .bulk("\(index)-0") else {
                    Issue.record("reply \(index) was \(String(describing: reply))")
                    break
                }
            }
            await client.close()
        }
        try await BrokerHarness.withBroker(configuration) { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("XLEN", "p") == .integer(Int64(count)))
            await client.close()
        }
    }
}
