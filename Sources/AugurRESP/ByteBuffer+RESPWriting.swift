import NIOCore

extension ByteBuffer {
    /// Writes `<prefix><decimal>\r\n` in one reserved write, without building a String.
    @inlinable
    mutating func writeRESPHeader(_ prefix: UInt8, _ value: Int64) {
        self.writeWithUnsafeMutableBytes(minimumWritableBytes: 23) { out in
            var magnitude = value.magnitude
            var digits = 1
            var probe = magnitude
            while probe >= 10 {
                probe /= 10
                digits += 1
            }
            out[0] = prefix
            var cursor = 1
            if value < 0 {
                out[1] = UInt8(ascii: "-")
                cursor = 2
            }
            var index = cursor + digits - 1
            repeat {
                out[index] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
                index -= 1
            } while magnitude != 0
            cursor += digits
            out[cursor] = UInt8(ascii: "\r")
            out[cursor + 1] = UInt8(ascii: "\n")
            return cursor + 2
        }
    }

    /// Writes `text` then `\r\n`, turning any `\r` or `\n` inside `text` into spaces.
    @inlinable
    mutating func writeRESPLine(_ text: String) {
        if text.utf8.contains(where: { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) {
            self.writeBytes(
                text.utf8.map { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0 }
            )
        } else {
            self.writeString(text)
        }
        self.writeStaticString("\r\n")
    }
}

/// How doubles are spelt on the wire: `inf`, `-inf`, `nan`, integral values without a fraction,
/// other values in the shortest form that reads back to the same double.
enum RESPDoubleFormat {
    static func text(for value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e17 { return String(Int64(value)) }
        return value.description
    }
}
