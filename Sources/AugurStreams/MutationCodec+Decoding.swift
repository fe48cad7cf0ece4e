import NIOCore

/// Reading records back; any truncation, unknown kind or trailing byte is a corrupt record.
extension MutationCodec {
    /// Decodes one record; throws `StreamsError.corruptRecord` when the bytes are not a valid record.
    public static func decode(_ record: ByteBuffer) throws -> MutationRecord {
        var reader = RecordReader(buffer: record)
        guard let version = reader.buffer.readInteger(as: UInt8.self) else { throw reader.corrupt("empty record") }
        guard version == Self.version else { throw reader.corrupt("unsupported record version \(version)") }
        guard let kindByte = reader.buffer.readInteger(as: UInt8.self), let kind = MutationKind(rawValue: kindByte)
        else { throw reader.corrupt("unknown record kind") }
        let result: MutationRecord
        switch kind {
        case .addEntry:
            let key = try reader.bytes()
            let id = try reader.id()
            let count = try reader.count()
            var fields: [ByteBuffer] = []
            fields.reserveCapacity(count)
            for _ in 0..<count { fields.append(try reader.bytes()) }
            guard count % 2 == 0, count > 0 else { throw reader.corrupt("odd field count") }
            result = .addEntry(key: key, id: id, fields: fields)
        case .deleteEntries:
            result = .deleteEntries(key: try reader.bytes(), ids: try reader.ids())
        case .trimFront:
            result = .trimFront(key: try reader.bytes(), count: try reader.count())
        case .createGroup:
            result = .createGroup(
                key: try reader.bytes(), group: try reader.bytes(), lastID: try reader.id(),
                entriesRead: try reader.signed(), makeStream: try reader.flag())
        case .setGroupCursor:
            result = .setGroupCursor(
                key: try reader.bytes(), group: try reader.bytes(), lastID: try reader.id(),
                entriesRead: try reader.signed())
        case .destroyGroup:
            result = .destroyGroup(key: try reader.bytes(), group: try reader.bytes())
        case .touchConsumer:
            let key = try reader.bytes()
            let group = try reader.bytes()
            let consumer = try reader.bytes()
            let seen = try reader.signed()
            let active: Int64? = try reader.flag() ? try reader.signed() : nil
            result = .touchConsumer(key: key, group: group, consumer: consumer, seenTime: seen, activeTime: active)
        case .deleteConsumer:
            result = .deleteConsumer(key: try reader.bytes(), group: try reader.bytes(), consumer: try reader.bytes())
        case .deliverNew:
            let key = try reader.bytes()
            let group = try reader.bytes()
            let consumer = try reader.bytes()
            let time = try reader.signed()
            let lastID = try reader.id()
            let entriesRead = try reader.signed()
            let noAck = try reader.flag()
            result = .deliverNew(
                key: key, group: group, consumer: consumer, time: time, lastID: lastID, entriesRead: entriesRead,
                ids: try reader.ids(), noAck: noAck)
        case .setPending:
            let key = try reader.bytes()
            let group = try reader.bytes()
            let consumer = try reader.bytes()
            let count = try reader.count()
            var entries: [PendingUpdate] = []
            for _ in 0..<count {
                entries.append(
                    PendingUpdate(id: try reader.id(), deliveryTime: try reader.signed(), deliveryCount: try reader.unsigned()))
            }
            result = .setPending(key: key, group: group, consumer: consumer, entries: entries)
        case .acknowledge:
            result = .acknowledge(key: try reader.bytes(), group: try reader.bytes(), ids: try reader.ids())
        case .deleteKeys:
            let count = try reader.count()
            var keys: [ByteBuffer] = []
            for _ in 0..<count { keys.append(try reader.bytes()) }
            result = .deleteKeys(keys)
        case .removeAll:
            result = .removeAll
        case .setStreamMeta:
            result = .setStreamMeta(
                key: try reader.bytes(), lastID: try reader.id(), maxDeletedID: try reader.id(),
                entriesAdded: try reader.unsigned())
        }
        guard reader.buffer.readableBytes == 0 else { throw reader.corrupt("trailing bytes") }
        return result
    }
}

/// A cursor over one record's bytes that throws on truncation.
struct RecordReader {
    var buffer: ByteBuffer

    func corrupt(_ why: String) -> StreamsError {
        .corruptRecord("mutation record: \(why)")
    }

    mutating func unsigned() throws -> UInt64 {
        guard let v = buffer.readVarUInt() else { throw corrupt("truncated number") }
        return v
    }

    mutating func signed() throws -> Int64 {
        guard let v = buffer.readVarInt() else { throw corrupt("truncated number") }
        return v
    }

    mutating func count() throws -> Int {
        let v = try unsigned()
        // A count can never exceed the bytes left; this also stops absurd allocations on garbage.
        guard v <= UInt64(buffer.readableBytes) * 8 + 1 << 20 else { throw corrupt("count out of range") }
        return Int(v)
    }

    mutating func flag() throws -> Bool {
        guard let v = buffer.readInteger(as: UInt8.self), v <= 1 else { throw corrupt("bad flag") }
        return v == 1
    }

    mutating func bytes() throws -> ByteBuffer {
        let length = try unsigned()
        guard length <= UInt64(buffer.readableBytes), let slice = buffer.readSlice(length: Int(length)) else {
            throw corrupt("truncated bytes")
        }
        return ByteBuffer(bytes: slice.readableBytesView)
    }

    mutating func id() throws -> StreamID {
        StreamID(ms: try unsigned(), seq: try unsigned())
    }

    mutating func ids() throws -> [StreamID] {
        let count = try count()
        var result: [StreamID] = []
        result.reserveCapacity(min(count, 4096))
        var previous: UInt64 = 0
        for _ in 0..<count {
            let ms = previous &+ UInt64(bitPattern: try signed())
            result.append(StreamID(ms: ms, seq: try unsigned()))
            previous = ms
        }
        return result
    }
}
