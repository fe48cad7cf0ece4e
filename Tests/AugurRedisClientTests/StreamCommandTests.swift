import AugurRESP
import AugurRedisClient
import AugurTestSupport
import NIOCore
import Testing

@Suite("Stream command helpers")
struct StreamCommandTests {
    static let versions = [RESPProtocolVersion.resp2, .resp3]

    private func fields(_ pairs: KeyValuePairs<String, String>) -> [(name: ByteBuffer, value: ByteBuffer)] {
        pairs.map { (ByteBuffer(string: $0.key), ByteBuffer(string: $0.value)) }
    }

    @Test("XADD, XREADGROUP and XACK round-trip entries and clear the pending list", arguments: versions)
    func readGroupRoundTrip(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect(version)
        try await connection.xgroupCreate("requests", group: "workers", id: "0", mkstream: true)
        let first = try await connection.xadd("requests", fields: fields(["model": "iris", "input": "1,2"]))
        let second = try await connection.xadd("requests", fields: [(name: "model", value: ByteBuffer(string: "wine"))])
        #expect(first < second)

        let read = try await connection.xreadgroup(
            group: "workers",
            consumer: "w1",
            count: 10,
            streams: [(key: "requests", id: ">")]
        )
        #expect(read.map(\.key) == ["requests"])
        let messages = try #require(read.first?.messages)
        #expect(messages.map(\.id) == [first, second])
        #expect(messages[0]["model"] == ByteBuffer(string: "iris"))
        #expect(messages[0]["input"] == ByteBuffer(string: "1,2"))
        #expect(messages[1][ByteBuffer(string: "model")] == ByteBuffer(string: "wine"))
        #expect(messages[1]["input"] == nil)

        let pending = try await connection.xpending("requests", group: "workers")
        #expect(pending == StreamPendingSummary(count: 2, lowestID: first, highestID: second, consumers: ["w1": 2]))
        #expect(try await connection.xack("requests", group: "workers", ids: [first, second]) == 2)
        let after = try await connection.xpending("requests", group: "workers")
        #expect(after == StreamPendingSummary(count: 0, lowestID: nil, highestID: nil, consumers: [:]))
        await connection.close()
    }

    @Test("XREADGROUP with nothing new and a short block returns no streams", arguments: versions)
    func readGroupTimeoutIsEmpty(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect(version)
        try await connection.xgroupCreate("requests", group: "workers", mkstream: true)
        let read = try await connection.xreadgroup(
            group: "workers",
            consumer: "w1",
            block: .milliseconds(10),
            streams: [(key: "requests", id: ">")]
        )
        #expect(read.isEmpty)
        await connection.close()
    }

    @Test("XREADGROUP replaying history marks entries deleted from the stream", arguments: versions)
    func pendingReplayMarksDeleted(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect(version)
        try await connection.xgroupCreate("requests", group: "workers", id: "0", mkstream: true)
        let kept = try await connection.xadd("requests", fields: fields(["n": "1"]))
        let gone = try await connection.xadd("requests", fields: fields(["n": "2"]))
        _ = try await connection.xreadgroup(group: "workers", consumer: "w1", streams: [(key: "requests", id: ">")])
        _ = try await connection.send(RESPCommand("XDEL", "requests", gone.description))
        let history = try await connection.xreadgroup(
            group: "workers",
            consumer: "w1",
            streams: [(key: "requests", id: "0")]
        )
        let messages = try #require(history.first?.messages)
        #expect(
            messages == [
                StreamMessage(id: kept, fields: fields(["n": "1"])),
                StreamMessage(id: gone, fields: [], isDeleted: true),
            ]
        )
        await connection.close()
    }

    @Test("XAUTOCLAIM moves idle pending entries to another consumer and reports deleted ones", arguments: versions)
    func autoclaimTransfersEntries(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect(version)
        try await connection.xgroupCreate("requests", group: "workers", id: "0", mkstream: true)
        let first = try await connection.xadd("requests", fields: fields(["n": "1"]))
        let second = try await connection.xadd("requests", fields: fields(["n": "2"]))
        let third = try await connection.xadd("requests", fields: fields(["n": "3"]))
        _ = try await connection.xreadgroup(group: "workers", consumer: "dead", streams: [(key: "requests", id: ">")])
        _ = try await connection.send(RESPCommand("XDEL", "requests", second.description))

        let claimed = try await connection.xautoclaim("requests", group: "workers", consumer: "alive", minIdle: .zero)
        #expect(claimed.next == .zero)
        #expect(claimed.messages.map(\.id) == [first, third])
        #expect(claimed.messages.first?["n"] == ByteBuffer(string: "1"))
        #expect(claimed.deletedIDs == [second])
        let pending = try await connection.xpending("requests", group: "workers")
        #expect(pending.consumers == ["alive": 2])
        await connection.close()
    }

    @Test("XAUTOCLAIM with COUNT returns the id to continue the scan from")
    func autoclaimPaginates() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        try await connection.xgroupCreate("requests", group: "workers", id: "0", mkstream: true)
        var ids: [StreamID] = []
        for index in 0..<3 { ids.append(try await connection.xadd("requests", fields: fields(["n": "\(index)"]))) }
        _ = try await connection.xreadgroup(group: "workers", consumer: "dead", streams: [(key: "requests", id: ">")])
        let page = try await connection.xautoclaim(
            "requests",
            group: "workers",
            consumer: "alive",
            minIdle: .zero,
            start: .zero,
            count: 2
        )
        #expect(page.messages.map(\.id) == Array(ids.prefix(2)))
        #expect(page.next == ids[2])
        await connection.close()
    }

    @Test("XGROUP CREATE on an existing group is tolerated only when asked")
    func groupCreateBusyGroup() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        #expect(try await connection.xgroupCreate("requests", group: "workers", mkstream: true))
        #expect(try await connection.xgroupCreate("requests", group: "workers", mkstream: true, ignoreExisting: true) == false)
        await #expect {
            try await connection.xgroupCreate("requests", group: "workers", mkstream: true)
        } throws: { error in
            guard case RedisError.server(let code, _) = error else { return false }
            return code == "BUSYGROUP"
        }
        await connection.close()
    }

    @Test("XADD with an approximate MAXLEN trims, XLEN counts, XRANGE reads back", arguments: versions)
    func addTrimLengthRange(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect(version)
        var ids: [StreamID] = []
        for index in 0..<10 {
            ids.append(try await connection.xadd("s", fields: fields(["i": "\(index)"]), trim: .maxLength(3, approximate: false)))
        }
        #expect(try await connection.xlen("s") == 3)
        #expect(try await connection.xlen("missing") == 0)
        let range = try await connection.xrange("s")
        #expect(range.map(\.id) == Array(ids.suffix(3)))
        #expect(range.map { $0["i"].map { String(buffer: $0) } } == ["7", "8", "9"])
        let limited = try await connection.xrange("s", start: ids[8].description, count: 1)
        #expect(limited.map(\.id) == [ids[8]])
        _ = try await connection.xadd("s", fields: fields(["i": "10"]), trim: .maxLength(1000))
        #expect(try await connection.xlen("s") == 4)
        await connection.close()
    }

    @Test("XADD with an explicit id returns that id")
    func addWithExplicitID() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        let id = try await connection.xadd("s", id: "42-7", fields: fields(["a": "b"]))
        #expect(id == StreamID(milliseconds: 42, sequence: 7))
        await connection.close()
    }
}
