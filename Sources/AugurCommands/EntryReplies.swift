import AugurRESP
import AugurStreams
import NIOCore

/// Building the `[id, [field, value, …]]` replies XRANGE, XREAD and the claims share.
enum EntryReplies {
    /// One entry as Redis replies it. Field bytes are slices of the block, not copies.
    static func entry(_ id: StreamID, _ fields: StreamEntryFields, idBytes: ByteBuffer? = nil) -> RESPValue {
        var flat: [RESPValue] = []
        flat.reserveCapacity(fields.count * 2)
        fields.forEach { name, value in
            flat.append(.bulkString(name))
            flat.append(.bulkString(value))
        }
        return .array([.bulkString(idBytes ?? id.bytes), .array(flat)])
    }

    /// An id as a bulk string.
    static func id(_ id: StreamID) -> RESPValue {
        .bulkString(id.bytes)
    }

    /// Entries of `stream` within `[low, high]`, ascending (or descending with `reverse`), at most `count` (0 = all).
    static func range(
        _ stream: Stream, from low: StreamID, through high: StreamID, count: Int, reverse: Bool = false
    ) -> [RESPValue] {
        var collected: [(StreamID, StreamEntryFields)] = []
        if count > 0 { collected.reserveCapacity(min(count, 1024)) }
        let body: (StreamID, StreamEntryFields) -> Bool = { id, fields in
            collected.append((id, fields))
            return count == 0 || collected.count < count
        }
        if reverse {
            stream.forEachEntryReversed(from: high, through: low, body)
        } else {
            stream.forEachEntry(from: low, through: high, body)
        }
        return replies(collected)
    }

    /// Replies for collected entries; all ids are written into one shared buffer, then sliced.
    static func replies(_ collected: [(StreamID, StreamEntryFields)]) -> [RESPValue] {
        guard !collected.isEmpty else { return [] }
        var idText = ByteBufferAllocator().buffer(capacity: collected.count * 24)
        var ends: [Int] = []
        ends.reserveCapacity(collected.count)
        for (id, _) in collected {
            id.write(into: &idText)
            ends.append(idText.writerIndex)
        }
        var result: [RESPValue] = []
        result.reserveCapacity(collected.count)
        var start = 0
        for (i, (id, fields)) in collected.enumerated() {
            let slice = idText.getSlice(at: start, length: ends[i] - start)!
            result.append(entry(id, fields, idBytes: slice))
            start = ends[i]
        }
        return result
    }

    /// XREAD/XREADGROUP's reply for `(key, entries)` pairs: a map in RESP3, nested arrays in RESP2.
    static func streamsReply(_ streams: [(ByteBuffer, RESPValue)], protocolVersion: Int) -> RESPValue {
        if protocolVersion == 3 {
            return .map(streams.map { RESPMapEntry(.bulkString($0.0), $0.1) })
        }
        return .array(streams.map { .array([.bulkString($0.0), $0.1]) })
    }
}
