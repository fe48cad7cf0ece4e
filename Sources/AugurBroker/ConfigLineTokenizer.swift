/// Splits one configuration line into words the way Redis does: spaces separate words, `"..."` allows
/// escapes (`\n`, `\r`, `\t`, `\b`, `\a`, `\\`, `\"`, `\xHH`), `'...'` allows only `\'`.
enum ConfigLineTokenizer {
    /// Why a line could not be split.
    enum Failure: Error, Equatable {
        case unbalancedQuotes
        case quoteNotFollowedBySpace
    }

    /// The words of `line`; an empty array for blank lines.
    static func words(of line: String) throws(Failure) -> [String] {
        let bytes = Array(line.utf8)
        var words: [String] = []
        var index = 0
        while true {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { return words }
            var word: [UInt8] = []
            var inDouble = false
            var inSingle = false
            var done = false
            while !done {
                if inDouble {
                    guard index < bytes.count else { throw .unbalancedQuotes }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\\"), index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
                        let high = hexValue(bytes[index + 2]), let low = hexValue(bytes[index + 3])
                    {
                        word.append(high << 4 | low)
                        index += 3
                    } else if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        index += 1
                        switch bytes[index] {
                        case UInt8(ascii: "n"): word.append(UInt8(ascii: "\n"))
                        case UInt8(ascii: "r"): word.append(UInt8(ascii: "\r"))
                        case UInt8(ascii: "t"): word.append(UInt8(ascii: "\t"))
                        case UInt8(ascii: "b"): word.append(8)
                        case UInt8(ascii: "a"): word.append(7)
                        default: word.append(bytes[index])
                        }
                    } else if byte == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count, !isSpace(bytes[index + 1]) { throw .quoteNotFollowedBySpace }
                        done = true
                    } else {
                        word.append(byte)
                    }
                } else if inSingle {
                    guard index < bytes.count else { throw .unbalancedQuotes }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "'") {
                        index += 1
                        word.append(UInt8(ascii: "'"))
                    } else if byte == UInt8(ascii: "'") {
                        if index + 1 < bytes.count, !isSpace(bytes[index + 1]) { throw .quoteNotFollowedBySpace }
                        done = true
                    } else {
                        word.append(byte)
                    }
                } else {
                    guard index < bytes.count else { break }
                    let byte = bytes[index]
                    if isSpace(byte) {
                        done = true
                    } else if byte == UInt8(ascii: "\"") {
                        inDouble = true
                    } else if byte == UInt8(ascii: "'") {
                        inSingle = true
                    } else {
                        word.append(byte)
                    }
                }
                if index < bytes.count { index += 1 }
            }
            words.append(String(decoding: word, as: UTF8.self))
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r") || byte == 11 || byte == 12
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
