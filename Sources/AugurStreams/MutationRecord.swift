import NIOCore

/// One replayable change to a `StreamStore`. Every value a write depended on (resolved ids, clock readings,
/// counters) is inside, so applying the same records in order always gives the same state.
public enum MutationRecord: Sendable, Equatable {
    /// XADD with its resolved id.
    case addEntry(key: ByteBuffer, id: StreamID, fields: [ByteBuffer])
    /// XDEL.
    case deleteEntries(key: ByteBuffer, ids: [StreamID])
    /// A trim's result: the first `count` live entries go.
    case trimFront(key: ByteBuffer, count: Int)
    /// XGROUP CREATE (with MKSTREAM when `makeStream`).
    case createGroup(key: ByteBuffer, group: ByteBuffer, lastID: StreamID, entriesRead: Int64, makeStream: Bool)
    /// XGROUP SETID, XCLAIM LASTID.
    case setGroupCursor(key: ByteBuffer, group: ByteBuffer, lastID: StreamID, entriesRead: Int64)
    /// XGROUP DESTROY.
    case destroyGroup(key: ByteBuffer, group: ByteBuffer)
    /// A consumer created or seen; `activeTime` nil leaves it unchanged (-1 for a new consumer).
    case touchConsumer(key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer, seenTime: Int64, activeTime: Int64?)
    /// XGROUP DELCONSUMER.
    case deleteConsumer(key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer)
    /// XREADGROUP `>` delivering `ids`.
    case deliverNew(
        key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer, time: Int64, lastID: StreamID, entriesRead: Int64,
        ids: [StreamID], noAck: Bool)
    /// History reads, XCLAIM, XAUTOCLAIM: pending entries set for `consumer`.
    case setPending(key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer, entries: [PendingUpdate])
    /// XACK, or claims dropping entries that no longer exist.
    case acknowledge(key: ByteBuffer, group: ByteBuffer, ids: [StreamID])
    /// DEL.
    case deleteKeys([ByteBuffer])
    /// FLUSHALL / FLUSHDB.
    case removeAll
    /// A stream's counters (state rebuild).
    case setStreamMeta(key: ByteBuffer, lastID: StreamID, maxDeletedID: StreamID, entriesAdded: UInt64)
}

/// The record kinds' type bytes. Values are part of the on-disk format: never renumber.
enum MutationKind: UInt8 {
    case addEntry = 1, deleteEntries, trimFront, createGroup, setGroupCursor, destroyGroup, touchConsumer,
        deleteConsumer, deliverNew, setPending, acknowledge, deleteKeys, removeAll, setStreamMeta
}

/// The binary codec: `version kind payload`, with varints for numbers and length-prefixed byte strings.
public enum MutationCodec {
    /// The format version written into every record's first byte.
    public static let version: UInt8 = 1

    static func writeHeader(_ kind: MutationKind, into buffer: inout ByteBuffer) {
        buffer.writeInteger(version)
        buffer.writeInteger(kind.rawValue)
    }

    static func writeBytes(_ bytes: ByteBuffer, into buffer: inout ByteBuffer) {
        buffer.writeVarUInt(UInt64(bytes.readableBytes))
        buffer.writeImmutableBuffer(bytes)
    }

    static func writeID(_ id: StreamID, into buffer: inout ByteBuffer) {
        buffer.writeVarUInt(id.ms)
        buffer.writeVarUInt(id.seq)
    }

    /// Id lists are delta-coded on the milliseconds so ascending runs take two or three bytes per id.
    static func writeIDs(_ ids: [StreamID], into buffer: inout ByteBuffer) {
        buffer.writeRaw(bound: 10 + ids.count * 20) { w in
            w.varUInt(UInt64(ids.count))
            var previous: UInt64 = 0
            for id in ids {
                w.varInt(Int64(bitPattern: id.ms &- previous))
                w.varUInt(id.seq)
                previous = id.ms
            }
        }
    }

    /// Writes an XADD record straight from the command's argument slices (the hot path).
    public static func writeAddEntry(
        key: ByteBuffer, id: StreamID, fields: ArraySlice<ByteBuffer>, into buffer: inout ByteBuffer
    ) {
        var bound = 0
        for field in fields { bound += RawWriter.lengthPrefixedBound(field) }
        writeAddEntry(key: key, id: id, fieldCount: fields.count, fieldsBound: bound, into: &buffer) { w in
            for field in fields { w.lengthPrefixed(field) }
        }
    }

    /// Writes the XADD record of a stored entry, copying its fields straight from the block (log rewrites).
    static func writeAddEntry(key: ByteBuffer, id: StreamID, entry: StreamEntryFields, into buffer: inout ByteBuffer) {
        var bound = 0
        entry.forEachRaw { name, value in bound += name.count + value.count + 20 }
        writeAddEntry(key: key, id: id, fieldCount: entry.count * 2, fieldsBound: bound, into: &buffer) { w in
            entry.forEachRaw { name, value in
                w.lengthPrefixed(name)
                w.lengthPrefixed(value)
            }
        }
    }

    /// The XADD record's header, then `fieldCount` length-prefixed names and values written by `fields` in
    /// at most `fieldsBound` bytes.
    private static func writeAddEntry(
        key: ByteBuffer, id: StreamID, fieldCount: Int, fieldsBound: Int, into buffer: inout ByteBuffer,
        fields: (inout RawWriter) -> Void
    ) {
        buffer.writeRaw(bound: 2 + RawWriter.lengthPrefixedBound(key) + 30 + fieldsBound) { w in
            w.byte(version)
            w.byte(MutationKind.addEntry.rawValue)
            w.lengthPrefixed(key)
            w.varUInt(id.ms)
            w.varUInt(id.seq)
            w.varUInt(UInt64(fieldCount))
            fields(&w)
        }
    }

    /// Writes `record`'s encoding.
    public static func write(_ record: MutationRecord, into buffer: inout ByteBuffer) {
        switch record {
        case .addEntry(let key, let id, let fields):
            writeAddEntry(key: key, id: id, fields: fields[...], into: &buffer)
        case .deleteEntries(let key, let ids):
            writeHeader(.deleteEntries, into: &buffer)
            writeBytes(key, into: &buffer)
            writeIDs(ids, into: &buffer)
        case .trimFront(let key, let count):
            writeHeader(.trimFront, into: &buffer)
            writeBytes(key, into: &buffer)
            buffer.writeVarUInt(UInt64(count))
        case .createGroup(let key, let group, let lastID, let entriesRead, let makeStream):
            writeHeader(.createGroup, into: &buffer)
            writeBytes(key, into: &buffer)
            writeBytes(group, into: &buffer)
            writeID(lastID, into: &buffer)
            buffer.writeVarInt(entriesRead)
            buffer.writeInteger(makeStream ? 1 : 0 as UInt8)
        case .setGroupCursor(let key, let group, let lastID, let entriesRead):
            writeHeader(.setGroupCursor, into: &buffer)
            writeBytes(key, into: &buffer)
            writeBytes(group, into: &buffer)
            writeID(lastID, into: &buffer)
            buffer.writeVarInt(entriesRead)
        case .destroyGroup(let key, let group):
            writeHeader(.destroyGroup, into: &buffer)
            writeBytes(key, into: &buffer)
            writeBytes(group, into: &buffer)
        case .touchConsumer(let key, let group, let consumer, let seenTime, let activeTime):
            writeHeader(.touchConsumer, into: &buffer)
            writeBytes(key, into: &buffer)
            writeBytes(group, into: &buffer)
            writeBytes(consumer, into: &buffer)
            buffer.writeVarInt(seenTime)
            if let activeTime {
                buffer.writeInteger(1 as UInt8)
                buffer.writeVarInt(activeTime)
            } else {
                buffer.writeInteger(0 as UInt8)
            }
        case .deleteConsumer(let key, let group, let consumer):
            writeHeader(.deleteConsumer, into: &buffer)
            writeBytes(key, into: &buffer)
            writeBytes(group, into: &buffer)
            writeBytes(consumer, into: &buffer)
        case .deliverNew(let key, let group, let consumer, let time, let lastID, let entriesRead, let ids, let noAck):
            writeHeader(.deliverNew, into: &buffer)
            writeBytes(key, into: &buffer)
            writeBytes(group, into: &buffer)
            writeBytes(consumer, into: &buffer)
            buffer.writeVarInt(time)
            writeID(lastID, into: &buffer)
            buffer.writeVarInt(entriesRead)
            buffer.writeInteger(noAck ? 1 : 0 as UInt8)
            writeIDs(ids, into: &buffer)
        case .setPending(let key, let group, let consumer, let entries):
            writeHeader(.setPending, into: &buffer)
            writeBytes(key, into: &buffer)
            writeBytes(group, into: &buffer)
            writeBytes(consumer, into: &buffer)
            buffer.writeVarUInt(UInt64(entries.count))
            for e in entries {
                writeID(e.id, into: &buffer)
                buffer.writeVarInt(e.deliveryTime)
                buffer.writeVarUInt(e.deliveryCount)
            }
        case .acknowledge(let key, let group, let ids):
            writeHeader(.acknowledge, into: &buffer)
            writeBytes(key, into: &buffer)
            writeBytes(group, into: &buffer)
            writeIDs(ids, into: &buffer)
        case .deleteKeys(let keys):
            writeHeader(.deleteKeys, into: &buffer)
            buffer.writeVarUInt(UInt64(keys.count))
            for key in keys { writeBytes(key, into: &buffer) }
        case .removeAll:
            writeHeader(.removeAll, into: &buffer)
        case .setStreamMeta(let key, let lastID, let maxDeletedID, let entriesAdded):
            writeHeader(.setStreamMeta, into: &buffer)
            writeBytes(key, into: &buffer)
            writeID(lastID, into: &buffer)
            writeID(maxDeletedID, into: &buffer)
            buffer.writeVarUInt(entriesAdded)
        }
    }

    /// The encoding of `record` in a buffer of its own.
    public static func encode(_ record: MutationRecord) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(record, into: &buffer)
        return buffer
    }
}
