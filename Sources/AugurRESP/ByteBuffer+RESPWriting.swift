import NIOCore

extension ByteBuffer {
    /// Writes `<prefix><decimal>\r\n` in one reserved write, without building a String.
    @inlinable
    mutating func writeRESPHeader(_ prefix: UInt8, _ value: Int64) {
        self.writeWithUnsafeMutableBytes(minimumWritableBytes: 23) { out in
            out[0] = prefix
            let cursor = Self.writeDecimalDigits(value.magnitude, negative: value < 0, into: out, at: 1)
            out[cursor] = UInt8(ascii: "\r")
            out[cursor + 1] = UInt8(ascii: "\n")
            return cursor + 2
        }
    }

    /// Writes `value` in decimal in one reserved write, without building a String (which allocates for
    /// numbers of more than 15 digits, such as microsecond timestamps).
    @inlinable
    public mutating func writeDecimal(_ value: some BinaryInteger) {
        let magnitude = UInt64(value.magnitude)
        let negative = value < 0
        self.writeWithUnsafeMutableBytes(minimumWritableBytes: 21) { out in
            Self.writeDecimalDigits(magnitude, negative: negative, into: out, at: 0)
        }
    }

    /// Writes an optional `-` and the digits of `magnitude` into `out` from `start`; returns the index after them.
    @inlinable
    static func writeDecimalDigits(_ magnitude: UInt64, negative: Bool, into out: UnsafeMutableRawBufferPointer, at start: Int) -> Int {
        var cursor = start
        if negative {
            out[cursor] = UInt8(ascii: "-")
            cursor += 1
        }
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var remaining = magnitude
        var index = cursor + digits - 1
        repeat {
            out[index] = UInt8(truncatingIfNeeded: remaining % 10) &+ UInt8(ascii: "0")
            remaining /= 10
            index -= 1
        } while remaining != 0
        return cursor + digits
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
