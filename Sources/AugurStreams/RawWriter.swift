import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes bytes straight into memory a ByteBuffer reserved, so an entry or a record costs one buffer call
/// instead of one per byte.
struct RawWriter {
    let base: UnsafeMutableRawPointer
    var offset = 0

    init(_ base: UnsafeMutableRawPointer) {
        self.base = base
    }

    mutating func byte(_ value: UInt8) {
        base.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
        offset &+= 1
    }

    mutating func varUInt(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            byte(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        byte(UInt8(truncatingIfNeeded: v))
    }

    mutating func varInt(_ value: Int64) {
        varUInt(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func bytes(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { raw in
            if raw.count > 0 { memcpy(base + offset, raw.baseAddress!, raw.count) }
            offset &+= raw.count
        }
    }

    /// A length-prefixed byte string from memory.
    mutating func lengthPrefixed(_ raw: UnsafeRawBufferPointer) {
        varUInt(UInt64(raw.count))
        if raw.count > 0 { memcpy(base + offset, raw.baseAddress!, raw.count) }
        offset &+= raw.count
    }

    /// A length-prefixed byte string.
    mutating func lengthPrefixed(_ buffer: ByteBuffer) {
        varUInt(UInt64(buffer.readableBytes))
        bytes(buffer)
    }

    /// Upper bound of a length-prefixed byte string's size.
    static func lengthPrefixedBound(_ buffer: ByteBuffer) -> Int { buffer.readableBytes + 10 }
}

extension ByteBuffer {
    /// Appends at most `bound` bytes written by `body` through a raw writer.
    mutating func writeRaw(bound: Int, _ body: (inout RawWriter) -> Void) {
        writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { raw in
            var writer = RawWriter(raw.baseAddress!)
            body(&writer)
            return writer.offset
        }
    }
}
