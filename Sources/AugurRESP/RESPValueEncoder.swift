import NIOCore

/// Writes `RESPValue`s in the protocol version a connection speaks.
///
/// RESP2 connections get RESP3-only kinds downgraded as Redis does: maps become flat arrays, sets
/// and pushes arrays, doubles and big numbers bulk strings, booleans `:1`/`:0`, verbatim strings
/// bulk strings without their format, blob errors simple errors, and both nulls `$-1`/`*-1`.
/// The `write…` fast paths let the broker emit replies without building a `RESPValue` first.
public struct RESPValueEncoder: Sendable {
    /// Writes `value` for a client speaking `protocolVersion`.
    public static func write(_ value: RESPValue, protocolVersion: RESPProtocolVersion, into buffer: inout ByteBuffer) {
        let resp3 = protocolVersion == .resp3
        switch value {
        case .simpleString(let text):
            writeSimpleString(text, into: &buffer)
        case .error(let text):
            writeError(text, into: &buffer)
        case .integer(let number):
            writeInteger(number, into: &buffer)
        case .bulkString(let bytes):
            writeBulkString(bytes, into: &buffer)
        case .array(let elements):
            writeArrayHeader(elements.count, into: &buffer)
            for element in elements { write(element, protocolVersion: protocolVersion, into: &buffer) }
        case .null:
            writeNull(protocolVersion, into: &buffer)
        case .nullArray:
            writeNullArray(protocolVersion, into: &buffer)
        case .double(let number):
            let text = RESPDoubleFormat.text(for: number)
            if resp3 {
                buffer.writeInteger(UInt8(ascii: ","))
                buffer.writeString(text)
                buffer.writeStaticString("\r\n")
            } else {
                writeBulkString(text, into: &buffer)
            }
        case .boolean(let flag):
            if resp3 {
                buffer.writeStaticString(flag ? "#t\r\n" : "#f\r\n")
            } else {
                buffer.writeStaticString(flag ? ":1\r\n" : ":0\r\n")
            }
        case .bigNumber(let digits):
            if resp3 {
                buffer.writeInteger(UInt8(ascii: "("))
                buffer.writeString(digits)
                buffer.writeStaticString("\r\n")
            } else {
                writeBulkString(digits, into: &buffer)
            }
        case .verbatimString(let format, let text):
            if resp3 {
                // The format is exactly three bytes on the wire; shorter ones are padded with spaces.
                var prefix = Array(format.utf8.prefix(3))
                while prefix.count < 3 { prefix.append(UInt8(ascii: " ")) }
                buffer.writeRESPHeader(UInt8(ascii: "="), Int64(text.readableBytes + 4))
                buffer.writeBytes(prefix)
                buffer.writeInteger(UInt8(ascii: ":"))
                buffer.writeImmutableBuffer(text)
                buffer.writeStaticString("\r\n")
            } else {
                writeBulkString(text, into: &buffer)
            }
        case .map(let entries):
            writeMapHeader(entries.count, protocolVersion, into: &buffer)
            for entry in entries {
                write(entry.key, protocolVersion: protocolVersion, into: &buffer)
                write(entry.value, protocolVersion: protocolVersion, into: &buffer)
            }
        case .set(let elements):
            buffer.writeRESPHeader(resp3 ? UInt8(ascii: "~") : UInt8(ascii: "*"), Int64(elements.count))
            for element in elements { write(element, protocolVersion: protocolVersion, into: &buffer) }
        case .push(let elements):
            buffer.writeRESPHeader(resp3 ? UInt8(ascii: ">") : UInt8(ascii: "*"), Int64(elements.count))
            for element in elements { write(element, protocolVersion: protocolVersion, into: &buffer) }
        case .blobError(let bytes):
            if resp3 {
                buffer.writeRESPHeader(UInt8(ascii: "!"), Int64(bytes.readableBytes))
                buffer.writeImmutableBuffer(bytes)
                buffer.writeStaticString("\r\n")
            } else {
                writeError(String(buffer: bytes), into: &buffer)
            }
        }
    }

    /// Writes `$len\r\n<bytes>\r\n`.
    @inlinable
    public static func writeBulkString(_ bytes: ByteBuffer, into buffer: inout ByteBuffer) {
        buffer.writeRESPHeader(UInt8(ascii: "$"), Int64(bytes.readableBytes))
        buffer.writeImmutableBuffer(bytes)
        buffer.writeStaticString("\r\n")
    }

    /// Writes the raw bytes of `bytes` as a bulk string.
    @inlinable
    public static func writeBulkString(_ bytes: some Collection<UInt8>, into buffer: inout ByteBuffer) {
        buffer.writeRESPHeader(UInt8(ascii: "$"), Int64(bytes.count))
        buffer.writeBytes(bytes)
        buffer.writeStaticString("\r\n")
    }

    /// Writes the UTF-8 bytes of `text` as a bulk string.
    @inlinable
    public static func writeBulkString(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeRESPHeader(UInt8(ascii: "$"), Int64(text.utf8.count))
        buffer.writeString(text)
        buffer.writeStaticString("\r\n")
    }

    /// Writes `*count\r\n`; the caller then writes `count` values.
    @inlinable
    public static func writeArrayHeader(_ count: Int, into buffer: inout ByteBuffer) {
        buffer.writeRESPHeader(UInt8(ascii: "*"), Int64(count))
    }

    /// Writes a map header for `count` pairs: `%count` in RESP3, `*2count` (a flat array) in RESP2.
    @inlinable
    public static func writeMapHeader(_ count: Int, _ protocolVersion: RESPProtocolVersion, into buffer: inout ByteBuffer) {
        if protocolVersion == .resp3 {
            buffer.writeRESPHeader(UInt8(ascii: "%"), Int64(count))
        } else {
            buffer.writeRESPHeader(UInt8(ascii: "*"), Int64(count) * 2)
        }
    }

    /// Writes `:n\r\n`.
    @inlinable
    public static func writeInteger(_ value: Int64, into buffer: inout ByteBuffer) {
        buffer.writeRESPHeader(UInt8(ascii: ":"), value)
    }

    /// Writes `+text\r\n`; line breaks in `text` become spaces so the reply stays one line.
    @inlinable
    public static func writeSimpleString(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "+"))
        buffer.writeRESPLine(text)
    }

    /// Writes `-text\r\n` (the text includes its prefix, e.g. `ERR`); line breaks become spaces as in Redis.
    @inlinable
    public static func writeError(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "-"))
        buffer.writeRESPLine(text)
    }

    /// Writes the null reply: `_\r\n` in RESP3, the null bulk string `$-1\r\n` in RESP2.
    @inlinable
    public static func writeNull(_ protocolVersion: RESPProtocolVersion, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(protocolVersion == .resp3 ? "_\r\n" : "$-1\r\n")
    }

    /// Writes the null array: `_\r\n` in RESP3, `*-1\r\n` in RESP2.
    @inlinable
    public static func writeNullArray(_ protocolVersion: RESPProtocolVersion, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(protocolVersion == .resp3 ? "_\r\n" : "*-1\r\n")
    }
}
