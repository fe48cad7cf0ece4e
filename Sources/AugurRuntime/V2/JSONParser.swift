#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small recursive-descent JSON parser (RFC 8259) tuned for inference requests: arrays of scalars
/// are read straight into flat typed buffers.
struct JSONParser {
    /// Nesting limit, so hostile input cannot exhaust the stack.
    static let maximumDepth = 64

    private var bytes: [UInt8]
    private var position = 0
    private let end: Int

    /// Parses a complete document; throws `RuntimeError.invalidRequest` with the byte offset on bad input.
    static func parse<C: Collection>(_ input: C) throws -> JSONValue where C.Element == UInt8 {
        var parser = JSONParser(input)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.end else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private init<C: Collection>(_ input: C) where C.Element == UInt8 {
        var storage = [UInt8]()
        storage.reserveCapacity(input.count + 1)
        storage.append(contentsOf: input)
        end = storage.count
        storage.append(0)  // a terminator so strtod never reads past the buffer
        bytes = storage
    }

    private func error(_ message: String) -> RuntimeError {
        .invalidRequest("malformed JSON at byte \(position): \(message)")
    }

    private mutating func skipWhitespace() {
        while position < end {
            let b = bytes[position]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            position += 1
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
        guard position < end else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["):
            let start = position
            if let flat = try parseFlatArray() { return .flatArray(flat) }
            position = start
            return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: return .number(try parseNumber())
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard end - position >= count else { throw error("unexpected end of input") }
        let matches = literal.withUTF8Buffer { lit in (0..<count).allSatisfy { bytes[position + $0] == lit[$0] } }
        guard matches else { throw error("invalid literal") }
        position += count
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if position < end && bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < end, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard position < end, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            members[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard position < end else { throw error("unterminated object") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < end && bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard position < end else { throw error("unterminated array") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    /// Scalar kinds a flat array may hold.
    private enum ScalarKind { case number, bool, string }

    /// Tries to read a rectangular nested array of one scalar kind; nil (position unspecified) if it is
    /// not one — empty, ragged, mixed or holding objects/null — and the caller re-parses generically.
    private mutating func parseFlatArray() throws -> FlatArray? {
        var shape: [Int] = []
        var counts: [Int] = []
        var depth = 0
        var kind: ScalarKind?
        var doubles: [Double] = []
        var integers: [Int64]? = []
        var bools: [Bool] = []
        var strings: [String] = []
        var approximations: ApproximateNumbers?
        var leafDepth = -1
        while true {
            skipWhitespace()
            guard position < end else { throw error("unterminated array") }
            let b = bytes[position]
            if b == UInt8(ascii: "[") {
                guard leafDepth < 0 || depth < leafDepth, depth < Self.maximumDepth else { return nil }
                position += 1
                if depth == counts.count { counts.append(0) } else { counts[depth] = 0 }
                depth += 1
                skipWhitespace()
                if position < end && bytes[position] == UInt8(ascii: "]") { return nil }
                continue
            }
            if depth == 0 { return nil }
            if b == UInt8(ascii: "]") || b == UInt8(ascii: ",") { throw error("expected a value") }
            // A scalar: all scalars must sit at the same depth.
            if leafDepth < 0 { leafDepth = depth } else if depth != leafDepth { return nil }
            switch b {
            case UInt8(ascii: "\""):
                guard kind == nil || kind == .string else { return nil }
                kind = .string
                strings.append(try parseString())
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                guard kind == nil || kind == .bool else { return nil }
                kind = .bool
                let value = b == UInt8(ascii: "t")
                try expectLiteral(value ? "true" : "false")
                bools.append(value)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard kind == nil || kind == .number else { return nil }
                kind = .number
                let offset = position
                let n = try parseNumber(fast: true)
                if !n.exact {
                    if approximations == nil { approximations = ApproximateNumbers(text: bytes) }
                    approximations!.entries.append((doubles.count, offset))
                }
                doubles.append(n.double)
                if integers != nil {
                    if let i = n.integer { integers!.append(i) } else { integers = nil }
                }
            default:
                return nil
            }
            // After a scalar or a closed array: commas and closing brackets.
            while true {
                counts[depth - 1] += 1
                skipWhitespace()
                guard position < end else { throw error("unterminated array") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    break
                }
                guard bytes[position] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
                position += 1
                let level = depth - 1
                while shape.count <= level { shape.append(-1) }
                if shape[level] < 0 {
                    shape[level] = counts[level]
                } else if shape[level] != counts[level] {
                    return nil
                }
                depth -= 1
                if depth == 0 {
                    let elements: FlatArray.Elements
                    switch kind! {
                    case .number: elements = .numbers(doubles: doubles, integers: integers, approximations: approximations)
                    case .bool: elements = .bools(bools)
                    case .string: elements = .strings(strings)
                    }
                    return FlatArray(shape: shape, elements: elements)
                }
            }
        }
    }

    /// Exact powers of ten representable as doubles (10^0 … 10^22).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always)
    private func digit(at i: Int) -> UInt64? {
        guard i < end else { return nil }
        let b = bytes[i]
        return b >= 0x30 && b <= 0x39 ? UInt64(b - 0x30) : nil
    }

    /// Reads a number token. Integers in Int64 range are exact; decimals with at most 15–16 significant
    /// digits and a small exponent are exact by Clinger's fast path; with `fast`, the remaining ones get a
    /// double within about an ulp (marked inexact) instead of a slow correctly rounded conversion.
    private mutating func parseNumber(fast: Bool = false) throws -> JSONNumber {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard digit(at: position) != nil else { throw error("invalid number") }
        var mantissa: UInt64 = 0
        var significant = 0
        var droppedIntegerDigits = 0
        var truncated = false
        if bytes[position] == 0x30 {
            position += 1
        } else {
            while let d = digit(at: position) {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ d
                    significant += 1
                } else {
                    droppedIntegerDigits += 1
                    truncated = truncated || d != 0
                }
                position += 1
            }
        }
        var isInteger = true
        var fractionDigits = 0
        if position < end, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard digit(at: position) != nil else { throw error("invalid number") }
            while let d = digit(at: position) {
                if significant < 19 {
                    if mantissa != 0 || d != 0 { significant += 1 }
                    mantissa = mantissa &* 10 &+ d
                    fractionDigits += 1
                } else {
                    truncated = truncated || d != 0
                }
                position += 1
            }
        }
        var exponent = 0
        if position < end, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            var exponentNegative = false
            if position < end, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard digit(at: position) != nil else { throw error("invalid number") }
            while let d = digit(at: position) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
                position += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        if isInteger && droppedIntegerDigits == 0 {
            if negative, mantissa <= UInt64(Int64.max) + 1 {
                let value = mantissa == UInt64(Int64.max) + 1 ? Int64.min : -Int64(mantissa)
                return JSONNumber(double: Double(value), integer: value)
            }
            if !negative, mantissa <= UInt64(Int64.max) {
                return JSONNumber(double: Double(mantissa), integer: Int64(mantissa))
            }
        }
        let scale = exponent - fractionDigits + droppedIntegerDigits
        if mantissa == 0 && !truncated { return JSONNumber(double: negative ? -0.0 : 0.0, integer: nil) }
        var value: Double
        var exact = true
        if !truncated && mantissa <= 1 << 53 && scale >= -22 && scale <= 22 {
            value = scale >= 0 ? Double(mantissa) * Self.powersOfTen[scale] : Double(mantissa) / Self.powersOfTen[-scale]
        } else if fast && scale >= -300 && scale <= 300 {
            value = Double(mantissa)
            var e = scale
            while e > 22 {
                value *= 1e22
                e -= 22
            }
            while e < -22 {
                value /= 1e22
                e += 22
            }
            value = e >= 0 ? value * Self.powersOfTen[e] : value / Self.powersOfTen[-e]
            exact = false
        } else {
            value = bytes.withUnsafeBufferPointer { buffer -> Double in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { strtod($0 + start, nil) }
            }
            return JSONNumber(double: value, integer: nil)
        }
        return JSONNumber(double: negative ? -value : value, integer: nil, exact: exact)
    }

    private mutating func parseString() throws -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < end {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let s = bytes.withUnsafeBufferPointer {
                    String(decoding: UnsafeBufferPointer(rebasing: $0[start..<position]), as: UTF8.self)
                }
                position += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            guard b >= 0x20 else { throw error("control character in string") }
            position += 1
        }
        var utf8 = Array(bytes[start..<position])
        while position < end {
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: "\"") { return String(decoding: utf8, as: UTF8.self) }
            guard b >= 0x20 else { throw error("control character in string") }
            guard b == UInt8(ascii: "\\") else {
                utf8.append(b)
                continue
            }
            guard position < end else { break }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard end - position >= 6, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate")
                    }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw error("invalid escape")
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard end - position >= 4 else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            position += 1
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }
}
