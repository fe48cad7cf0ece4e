import AugurStreams
import NIOCore

/// Reading command arguments straight from their bytes.
enum Arguments {
    /// Whether `buffer` equals the ASCII `word` ignoring case (`word` is lowercase).
    static func equalsIgnoringCase(_ buffer: ByteBuffer, _ word: StaticString) -> Bool {
        guard buffer.readableBytes == word.utf8CodeUnitCount else { return false }
        return buffer.withUnsafeReadableBytes { raw in
            let w = word.utf8Start
            for i in 0..<raw.count where raw[i] | 0x20 != w[i] | 0x20 {
                // `| 0x20` folds letters only; make sure a non-letter really matches.
                if raw[i] != w[i] { return false }
            }
            return true
        }
    }

    /// Whether `buffer` equals the ASCII `word` ignoring case (`word` is lowercase).
    static func equalsIgnoringCase(_ buffer: ByteBuffer, _ word: String) -> Bool {
        buffer.withUnsafeReadableBytes { equalsIgnoringCase($0, word) }
    }

    /// Whether `raw` equals the ASCII `word` ignoring case (`word` is lowercase).
    static func equalsIgnoringCase(_ raw: UnsafeRawBufferPointer, _ word: String) -> Bool {
        guard raw.count == word.utf8.count else { return false }
        var i = 0
        for w in word.utf8 {
            if raw[i] != w && raw[i] | 0x20 != w { return false }
            i += 1
        }
        return true
    }

    /// Whether `buffer` is exactly the one byte `byte`.
    static func isByte(_ buffer: ByteBuffer, _ byte: UInt8) -> Bool {
        buffer.readableBytes == 1 && buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == byte
    }

    /// Parses a signed 64-bit decimal the way Redis's string2ll does: optional `-`, no `+`, no leading zeros.
    static func int64(_ buffer: ByteBuffer) -> Int64? {
        buffer.withUnsafeReadableBytes { raw -> Int64? in
            let n = raw.count
            if n == 0 || n > 20 { return nil }
            if n == 1 && raw[0] == UInt8(ascii: "0") { return 0 }
            var i = 0
            let negative = raw[0] == UInt8(ascii: "-")
            if negative {
                i = 1
                if n == 1 { return nil }
            }
            // First digit 1-9: Redis refuses leading zeros and "-0".
            guard raw[i] >= UInt8(ascii: "1") && raw[i] <= UInt8(ascii: "9") else { return nil }
            var value: UInt64 = 0
            while i < n {
                let d = raw[i] &- 48
                if d > 9 { return nil }
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(d))
                if o1 || o2 { return nil }
                value = s
                i += 1
            }
            if negative {
                if value > UInt64(Int64.max) + 1 { return nil }
                return value == UInt64(Int64.max) + 1 ? Int64.min : -Int64(value)
            }
            return value > UInt64(Int64.max) ? nil : Int64(value)
        }
    }

    /// Parses an unsigned 64-bit decimal (SCAN cursors).
    static func uint64(_ buffer: ByteBuffer) -> UInt64? {
        buffer.withUnsafeReadableBytes { StreamIDParser.parseUInt64($0) }
    }

    /// The argument as text, for error messages.
    static func text(_ buffer: ByteBuffer) -> String {
        String(decoding: buffer.readableBytesView, as: UTF8.self)
    }
}
