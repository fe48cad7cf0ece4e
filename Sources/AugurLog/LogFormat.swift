import NIOCore

/// The on-disk layout: a 12-byte header, then frames `[length u32 LE][CRC-32C u32 LE of payload][payload]`.
enum LogFormat {
    /// "AUGURLOG" identifies the file; the version follows as a little-endian u32.
    static let magic: [UInt8] = Array("AUGURLOG".utf8)
    static let version: UInt32 = 1
    static let headerLength = 12
    static let frameHeaderLength = 8
    /// Larger lengths cannot come from a 512 MiB bulk string plus framing, so they mark a damaged frame.
    static let maximumRecordLength = 1 << 30

    /// The exact header bytes this build writes.
    static var header: [UInt8] {
        var bytes = magic
        withUnsafeBytes(of: version.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Appends one frame holding `payload`'s readable bytes to `buffer`.
    static func appendFrame(_ payload: ByteBuffer, to buffer: inout ByteBuffer) {
        let length = payload.readableBytes
        let crc = payload.withUnsafeReadableBytes { CRC32C.checksum($0) }
        buffer.reserveCapacity(minimumWritableBytes: frameHeaderLength + length)
        buffer.writeInteger(UInt32(length), endianness: .little)
        buffer.writeInteger(crc, endianness: .little)
        buffer.writeImmutableBuffer(payload)
    }
}

/// Why the frames stopped before the end of the file.
public enum LogDamageKind: String, Sendable, Equatable {
    /// The file ends inside a frame (a write torn by a crash).
    case truncatedFrame = "truncated frame"
    /// The payload does not match its checksum.
    case checksumMismatch = "checksum mismatch"
    /// The length field is zero or impossibly large.
    case implausibleLength = "implausible length"
}
