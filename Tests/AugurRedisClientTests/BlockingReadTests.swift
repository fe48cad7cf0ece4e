import AugurRESP
import AugurRedisClient
import AugurTestSupport
import NIOCore
import Testing

@Suite("Blocking stream reads")
struct BlockingReadTests {
    @Test("XREAD BLOCK wakes when another connection adds", arguments: [RESPProtocolVersion.resp2, .resp3])
    func xreadWakesOnAdd(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let reader = try await server.connect(version)
        let writer = try await server.connect(version)
        _ = try await writer.xadd("control", fields: [(name: "cmd", value: ByteBuffer(string: "old"))])
        let read = Task { try await reader.xread(streams: [(key: "control", id: "$")], block: .zero) }
        try await waitUntilBlocked(observer: writer, clients: 1)
        let id = try await writer.xadd("control", fields: [(name: "cmd", value: ByteBuffer(string: "reload"))])
        let streams = try await read.value
        #expect(streams.map(\.key) == ["control"])
        #expect(streams.first?.messages.map(\.id) == [id])
        #expect(streams.first?.messages.first?["cmd"] == ByteBuffer(string: "reload"))
        await reader.close()
        await writer.close()
    }

    @Test("XREADGROUP BLOCK wakes when another connection adds", arguments: [RESPProtocolVersion.resp2, .resp3])
    func xreadgroupWakesOnAdd(version: RESPProtocolVersion) async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let reader = try await server.connect(version)
        let writer = try await server.connect(version)
        try await writer.xgroupCreate("requests", group: "workers", mkstream: true)
        let read = Task {
            try await reader.xreadgroup(
                group: "workers",
                consumer: "w1",
                count: 100,
                block: .seconds(60),
                streams: [(key: "requests", id: ">")]
            )
        }
        try await waitUntilBlocked(observer: writer, clients: 1)
        let id = try await writer.xadd("requests", fields: [(name: "x", value: ByteBuffer(string: "1"))])
        let streams = try await read.value
        #expect(streams.first?.messages.map(\.id) == [id])
        await reader.close()
        await writer.close()
    }

}
