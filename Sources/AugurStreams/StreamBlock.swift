import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run of consecutive stream entries packed into one contiguous buffer.
///
/// Layout: the block's master field names (`count`, then `len name` pairs) followed by entries. Each entry is
/// `flags ms-delta seq [field-count] (name? value)*` with varint lengths; `flags` bit 0 marks a deleted
/// entry and bit 1 an entry whose field names equal the master fields (their names are then omitted).
/// Copies share the buffer until one of them writes (copy-on-write per block).
public struct StreamBlock: Sendable {
    static let deletedFlag: UInt8 = 1
    static let sameFieldsFlag: UInt8 = 2

    /// The id the ms deltas are relative to (the first id appended).
    var masterID: StreamID
    /// The id of the last entry appended, deleted or not.
    var lastID: StreamID
    /// Entries in the block, deleted ones included.
    var count: Int32 = 0
    /// Entries not deleted.
    var liveCount: Int32 = 0
    var masterFieldCount: Int32
    /// Where the first entry starts (after the master field names).
    var entriesStart: Int32
    var bytes: ByteBuffer

    /// Starts a block whose master fields are those of its first entry.
    init(firstID: StreamID, fields: ArraySlice<ByteBuffer>, capacity: Int) {
        masterID = firstID
        lastID = firstID
        masterFieldCount = Int32(fields.count / 2)
        bytes = ByteBufferAllocator().buffer(capacity: capacity)
        bytes.writeVarUInt(UInt64(fields.count / 2))
        var i = fields.startIndex
        while i < fields.endIndex {
            bytes.writeVarUInt(UInt64(fields[i].readableBytes))
            bytes.writeImmutableBuffer(fields[i])
            i += 2
        }
        entriesStart = Int32(bytes.writerIndex)
    }

    /// Bytes used by this block's encoding.
    var byteCount: Int { bytes.writerIndex }

    /// Bytes an entry would take in this block, an upper bound.
    static func encodedSizeBound(fields: ArraySlice<ByteBuffer>) -> Int {
        var size = 1 + 10 + 10 + 10
        for field in fields { size += field.readableBytes + 10 }
        return size
    }

    /// Whether `fields` has exactly the master field names, in order.
    func hasMasterFields(_ fields: ArraySlice<ByteBuffer>) -> Bool {
        guard fields.count / 2 == Int(masterFieldCount) else { return false }
        return bytes.withUnsafeReadableBytes { raw in
            var offset = 0
            _ = RawVarInt.read(raw, &offset)
            var i = fields.startIndex
            while i < fields.endIndex {
                let length = Int(RawVarInt.read(raw, &offset))
                let matches = fields[i].withUnsafeReadableBytes { field in
                    field.count == length
                        && (length == 0 || memcmp(field.baseAddress!, raw.baseAddress! + offset, length) == 0)
                }
                if !matches { return false }
                offset += length
                i += 2
            }
            return true
        }
    }

    /// Appends an entry; the caller checked that `id` is greater than `lastID` and that it fits.
    mutating func append(id: StreamID, fields: ArraySlice<ByteBuffer>) {
        let same = hasMasterFields(fields)
        bytes.writeRaw(bound: Self.encodedSizeBound(fields: fields)) { w in
            w.byte(same ? Self.sameFieldsFlag : 0)
            w.varUInt(id.ms &- masterID.ms)
            w.varUInt(id.seq)
            if same {
                var i = fields.startIndex + 1
                while i < fields.endIndex {
                    w.lengthPrefixed(fields[i])
                    i += 2
                }
            } else {
                w.varUInt(UInt64(fields.count / 2))
                for field in fields { w.lengthPrefixed(field) }
            }
        }
        lastID = id
        count += 1
        liveCount += 1
    }

    /// Where an entry sits inside the block and what it holds.
    struct EntryHeader {
        var offset: Int
        var id: StreamID
        var deleted: Bool
        var sameFields: Bool
        var fieldCount: Int
        /// Start of the first field (name or value).
        var fieldsOffset: Int
        /// Offset just past this entry.
        var end: Int
    }

    /// Decodes the entry header at `offset` and finds where the entry ends.
    func header(at offset: Int, _ raw: UnsafeRawBufferPointer) -> EntryHeader {
        var o = offset
        let flags = raw[o]
        o += 1
        let delta = RawVarInt.read(raw, &o)
        let seq = RawVarInt.read(raw, &o)
        let same = flags & Self.sameFieldsFlag != 0
        let fieldCount = same ? Int(masterFieldCount) : Int(RawVarInt.read(raw, &o))
        let fieldsOffset = o
        let items = same ? fieldCount : fieldCount * 2
        for _ in 0..<items {
            let length = Int(RawVarInt.read(raw, &o))
            o += length
        }
        return EntryHeader(
            offset: offset, id: StreamID(ms: masterID.ms &+ delta, seq: seq), deleted: flags & Self.deletedFlag != 0,
            sameFields: same, fieldCount: fieldCount, fieldsOffset: fieldsOffset, end: o)
    }

    /// Visits every entry header in order (deleted ones included) until `body` returns false.
    func forEachHeader(_ body: (EntryHeader) throws -> Bool) rethrows {
        try bytes.withUnsafeReadableBytes { raw in
            var offset = Int(entriesStart)
            let end = raw.count
            while offset < end {
                let h = header(at: offset, raw)
                if try !body(h) { return }
                offset = h.end
            }
        }
    }

    /// Marks the entry at `offset` deleted (copying the buffer first if a snapshot shares it).
    mutating func markDeleted(at offset: Int) {
        let flags = bytes.getInteger(at: offset, as: UInt8.self)!
        bytes.setInteger(flags | Self.deletedFlag, at: offset)
        liveCount -= 1
    }

    /// The fields of the entry described by `header`.
    func fields(_ header: EntryHeader) -> StreamEntryFields {
        StreamEntryFields(
            bytes: bytes, sameFields: header.sameFields, count: header.fieldCount, offset: header.fieldsOffset)
    }
}

/// The field/value pairs of one entry: slices of the block's buffer, nothing copied.
public struct StreamEntryFields: Sendable {
    let bytes: ByteBuffer
    let sameFields: Bool
    /// Number of field/value pairs.
    public let count: Int
    let offset: Int

    init(bytes: ByteBuffer, sameFields: Bool, count: Int, offset: Int) {
        self.bytes = bytes
        self.sameFields = sameFields
        self.count = count
        self.offset = offset
    }

    /// Calls `body` with each field name and value, in order; the buffers share the block's storage.
    public func forEach(_ body: (_ name: ByteBuffer, _ value: ByteBuffer) throws -> Void) rethrows {
        let base = bytes.readerIndex
        try forEachSpan { _, nameStart, nameLength, valueStart, valueLength in
            try body(
                bytes.getSlice(at: base + nameStart, length: nameLength)!,
                bytes.getSlice(at: base + valueStart, length: valueLength)!)
        }
    }

    /// Calls `body` with the bytes of each field name and value, in order, without making a buffer of
    /// either: for copying entries out in bulk. The pointers are valid only during the call.
    func forEachRaw(_ body: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Void) rethrows {
        try forEachSpan { raw, nameStart, nameLength, valueStart, valueLength in
            try body(
                UnsafeRawBufferPointer(rebasing: raw[nameStart..<nameStart + nameLength]),
                UnsafeRawBufferPointer(rebasing: raw[valueStart..<valueStart + valueLength]))
        }
    }

    /// Walks the pairs: offsets of each name and value in the block's readable bytes.
    private func forEachSpan(
        _ body: (_ raw: UnsafeRawBufferPointer, _ nameStart: Int, _ nameLength: Int, _ valueStart: Int, _ valueLength: Int) throws
            -> Void
    ) rethrows {
        try bytes.withUnsafeReadableBytes { raw in
            var master = 0
            if sameFields { _ = RawVarInt.read(raw, &master) }
            var o = offset
            for _ in 0..<count {
                let nameStart: Int
                let nameLength: Int
                if sameFields {
                    nameLength = Int(RawVarInt.read(raw, &master))
                    nameStart = master
                    master += nameLength
                } else {
                    nameLength = Int(RawVarInt.read(raw, &o))
                    nameStart = o
                    o += nameLength
                }
                let valueLength = Int(RawVarInt.read(raw, &o))
                try body(raw, nameStart, nameLength, o, valueLength)
                o += valueLength
            }
        }
    }

    /// The pairs as a flat array `[name, value, name, value, …]`.
    public var flattened: [ByteBuffer] {
        var result: [ByteBuffer] = []
        result.reserveCapacity(count * 2)
        forEach { name, value in
            result.append(name)
            result.append(value)
        }
        return result
    }
}
