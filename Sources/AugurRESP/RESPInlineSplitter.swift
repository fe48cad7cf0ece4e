import NIOCore

/// Splits an inline command line into words the way Redis does (`sdssplitargs`): words are separated
/// by whitespace; double quotes allow `\n`, `\r`, `\t`, `\b`, `\a`, `\xHH` and `\<char>` escapes; single
/// quotes allow only `\'`; a closing quote must be followed by whitespace or the end of the line; a NUL
/// byte ends the line.
///
/// Plain words are slices of the line; quoted words are new buffers.
enum RESPInlineSplitter {
    /// The words of `line`, or nil when its quotes are unbalanced.
    static func split(_ line: ByteBuffer) -> [ByteBuffer]? {
        line.withUnsafeReadableBytes { raw -> [ByteBuffer]? in
            var words: [ByteBuffer] = []
            var position = 0
            @inline(__always) func at(_ index: Int) -> UInt8 { index < raw.count ? raw[index] : 0 }

            while true {
                while isSpace(at(position)) { position += 1 }
                if at(position) == 0 { return words }

                let start = position
                var quoted: [UInt8]? = nil  // nil while the word is a plain run of bytes
                var inDoubleQuotes = false
                var inSingleQuotes = false
                var done = false
                var plainEnd = start
                while !done {
                    let byte = at(position)
                    if inDoubleQuotes {
                        if byte == UInt8(ascii: "\\") && at(position + 1) == UInt8(ascii: "x"),
                            let high = hexValue(at(position + 2)), let low = hexValue(at(position + 3))
                        {
                            quoted!.append(high << 4 | low)
                            position += 3
                        } else if byte == UInt8(ascii: "\\") && at(position + 1) != 0 {
                            position += 1
                            quoted!.append(unescape(at(position)))
                        } else if byte == UInt8(ascii: "\"") {
                            if at(position + 1) != 0 && !isSpace(at(position + 1)) { return nil }
                            done = true
                        } else if byte == 0 {
                            return nil
                        } else {
                            quoted!.append(byte)
                        }
                    } else if inSingleQuotes {
                        if byte == UInt8(ascii: "\\") && at(position + 1) == UInt8(ascii: "'") {
                            position += 1
                            quoted!.append(UInt8(ascii: "'"))
                        } else if byte == UInt8(ascii: "'") {
                            if at(position + 1) != 0 && !isSpace(at(position + 1)) { return nil }
                            done = true
                        } else if byte == 0 {
                            return nil
                        } else {
                            quoted!.append(byte)
                        }
                    } else {
                        switch byte {
                        case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), 0:
                            plainEnd = position
                            done = true
                        case UInt8(ascii: "\""), UInt8(ascii: "'"):
                            if quoted == nil { quoted = Array(raw[start..<position]) }
                            if byte == UInt8(ascii: "\"") { inDoubleQuotes = true } else { inSingleQuotes = true }
                        default:
                            quoted?.append(byte)
                        }
                    }
                    if at(position) != 0 { position += 1 }
                }
                if let quoted {
                    words.append(ByteBuffer(bytes: quoted))
                } else {
                    words.append(line.getSlice(at: line.readerIndex + start, length: plainEnd - start)!)
                }
            }
        }
    }

    /// C's `isspace`: space, `\t`, `\n`, `\v`, `\f`, `\r`.
    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func unescape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "n"): UInt8(ascii: "\n")
        case UInt8(ascii: "r"): UInt8(ascii: "\r")
        case UInt8(ascii: "t"): UInt8(ascii: "\t")
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "a"): 0x07
        default: byte
        }
    }
}
