import NIOCore

/// LEB128 unsigned varints and zigzag signed varints, used by blocks and mutation records.
extension ByteBuffer {
    /// Appends `value` as an unsigned LEB128 varint (1–10 bytes).
    @inlinable
    @discardableResult
    mutating func writeVarUInt(_ value: UInt64) -> Int {
        var v = value
        var written = 0
        while v >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
            written += 1
        }
        writeInteger(UInt8(truncatingIfNeeded: v))
        return written + 1
    }

    /// Reads an unsigned LEB128 varint; nil when truncated or longer than ten bytes.
    @inlinable
    mutating func readVarUInt() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 70 {
            guard let byte = readInteger(as: UInt8.self) else { return nil }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }

    /// Appends a signed value zigzag-encoded (small magnitudes take one byte).
    @inlinable
    mutating func writeVarInt(_ value: Int64) {
        writeVarUInt(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Reads a zigzag-encoded signed varint.
    @inlinable
    mutating func readVarInt() -> Int64? {
        guard let raw = readVarUInt() else { return nil }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}

/// Decoding varints straight from raw block memory on the read path.
@usableFromInline
enum RawVarInt {
    /// Reads an unsigned varint at `offset`, advancing it. The block was written by us, so it is trusted.
    @inlinable
    static func read(_ base: UnsafeRawBufferPointer, _ offset: inout Int) -> UInt64 {
        var byte = base[offset]
        offset &+= 1
        if byte < 0x80 { return UInt64(byte) }
        var result = UInt64(byte & 0x7F)
        var shift: UInt64 = 7
        repeat {
            byte = base[offset]
            offset &+= 1
            result |= UInt64(byte & 0x7F) << shift
            shift &+= 7
        } while byte >= 0x80
        return result
    }
}
