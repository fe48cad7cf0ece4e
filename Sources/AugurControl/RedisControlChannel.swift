import AugurRESP
import AugurRedisClient
import NIOCore

/// The control channel as a stream on a Redis-protocol broker: XREAD to read (every reader sees every
/// entry), XADD to append, XDEL to drop a daemon's previous heartbeat.
public struct RedisControlChannel: ControlChannel {
    /// The stream; default `augur:control`.
    public let stream: String
    /// Carries the reads; a blocking XREAD holds its connection, so a listener gives it one of its own.
    public let reader: any RedisCommandSending
    /// Carries XADD and XDEL.
    public let writer: any RedisCommandSending

    /// Creates the channel over `stream`; `writer` defaults to `reader`.
    public init(stream: String = "augur:control", reader: any RedisCommandSending, writer: (any RedisCommandSending)? = nil) {
        self.stream = stream
        self.reader = reader
        self.writer = writer ?? reader
    }

    /// The stream's name.
    public var name: String { stream }

    /// Every entry after `position`, in pages of 500 without blocking.
    public func entries(after position: ControlPosition) async throws -> (entries: [ControlChannelEntry], last: ControlPosition) {
        var id = try streamID(position)
        var entries: [ControlChannelEntry] = []
        while true {
            let page = try await reader.xread(streams: [(stream, id.description)], count: 500).first?.messages ?? []
            guard let last = page.last else { return (entries, position == .start && entries.isEmpty ? .start : .streamEntry(id)) }
            entries += page.map(Self.entry)
            id = last.id
        }
    }

    /// XREAD BLOCK for up to `timeout` (whole milliseconds, at least 1: 0 would block forever).
    public func nextEntries(after position: ControlPosition, limit: Int, timeout: Duration) async throws -> [ControlChannelEntry] {
        let id = try streamID(position)
        let block = max(timeout, .milliseconds(1))
        let batch = try await reader.xread(streams: [(stream, id.description)], count: limit, block: block)
        return (batch.first?.messages ?? []).map(Self.entry)
    }

    /// XADD; returns the new entry's id.
    public func append(_ fields: [(name: String, value: String)]) async throws -> ControlPosition? {
        .streamEntry(try await writer.xadd(stream, fields: fields.map { ($0.name, ByteBuffer(string: $0.value)) }))
    }

    /// XDEL of a stream entry.
    public func remove(_ position: ControlPosition) async throws {
        guard case .streamEntry(let id) = position else { throw ControlPositionMismatch(position: position, channel: stream) }
        _ = try await writer.send(RESPCommand("XDEL", stream, id.description))
    }

    private func streamID(_ position: ControlPosition) throws -> StreamID {
        switch position {
        case .start: .zero
        case .streamEntry(let id): id
        case .offset: throw ControlPositionMismatch(position: position, channel: stream)
        }
    }

    static func entry(_ message: StreamMessage) -> ControlChannelEntry {
        ControlChannelEntry(
            position: .streamEntry(message.id),
            fields: message.fields.map { (String(buffer: $0.name), String(buffer: $0.value)) }
        )
    }
}
