/// Protobuf wire types (the low three bits of a field tag).
enum WireType: Int, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// A cursor over protobuf wire-format bytes; sub-messages share the same array (no copies).
struct ProtoReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    /// A reader over a whole buffer.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { position >= end }

    private func failure(_ reason: String) -> RuntimeError {
        .malformedModel("\(reason) at byte offset \(position)")
    }

    /// The next field number and wire type, or nil at the end of the message.
    mutating func readTag() throws -> (field: Int, wireType: WireType)? {
        if isAtEnd { return nil }
        let key = try readVarint()
        guard let wireType = WireType(rawValue: Int(key & 7)) else {
            throw failure("invalid wire type \(key & 7)")
        }
        let field = Int(key >> 3)
        guard field > 0 else { throw failure("invalid field number 0") }
        return (field, wireType)
    }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw failure("truncated varint") }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw failure("varint overflows 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw failure("varint longer than 10 bytes") }
        }
    }

    /// A varint as a signed 64-bit value (two's complement, as int64/int32 fields are encoded).
    mutating func readInt64() throws -> Int64 { Int64(bitPattern: try readVarint()) }

    mutating func readFixed32() throws -> UInt32 {
        guard end - position >= 4 else { throw failure("truncated fixed32") }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return v
    }

    mutating func readFixed64() throws -> UInt64 {
        guard end - position >= 8 else { throw failure("truncated fixed64") }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return v
    }

    mutating func readFloat() throws -> Float { Float(bitPattern: try readFixed32()) }
    mutating func readDouble() throws -> Double { Double(bitPattern: try readFixed64()) }

    /// The byte range of a length-delimited field's payload, advancing past it.
    mutating func readLengthDelimitedRange() throws -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw failure("length-delimited field of \(length) bytes runs past the end of its message")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    mutating func readBytes() throws -> [UInt8] { Array(bytes[try readLengthDelimitedRange()]) }

    /// A string field, decoded as UTF-8 (invalid sequences replaced).
    mutating func readString() throws -> String {
        let range = try readLengthDelimitedRange()
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// A reader over an embedded message.
    mutating func readMessage() throws -> ProtoReader {
        ProtoReader(bytes: bytes, range: try readLengthDelimitedRange())
    }

    /// Calls `body` with the raw bytes of a length-delimited field (e.g. TensorProto.raw_data).
    mutating func withLengthDelimited<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let range = try readLengthDelimitedRange()
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Skips a field of an unknown number.
    mutating func skip(_ wireType: WireType, field: Int) throws {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimitedRange()
        case .startGroup:
            while let (f, w) = try readTag() {
                if w == .endGroup {
                    guard f == field else { throw failure("mismatched end-group tag \(f) for group \(field)") }
                    return
                }
                try skip(w, field: f)
            }
            throw failure("unterminated group \(field)")
        case .endGroup:
            throw failure("unexpected end-group tag \(field)")
        }
    }

    /// Appends a repeated varint field (packed or not) as Int64.
    mutating func readRepeatedInt64(_ wireType: WireType, into values: inout [Int64]) throws {
        if wireType == .lengthDelimited {
            var sub = try readMessage()
            while !sub.isAtEnd { values.append(try sub.readInt64()) }
        } else {
            try expect(wireType, .varint)
            values.append(try readInt64())
        }
    }

    /// Appends a repeated varint field (packed or not) as UInt64.
    mutating func readRepeatedUInt64(_ wireType: WireType, into values: inout [UInt64]) throws {
        if wireType == .lengthDelimited {
            var sub = try readMessage()
            while !sub.isAtEnd { values.append(try sub.readVarint()) }
        } else {
            try expect(wireType, .varint)
            values.append(try readVarint())
        }
    }

    /// Appends a repeated float field (packed or not).
    mutating func readRepeatedFloat(_ wireType: WireType, into values: inout [Float]) throws {
        if wireType == .lengthDelimited {
            let range = try readLengthDelimitedRange()
            guard range.count % 4 == 0 else { throw failure("packed float field of \(range.count) bytes") }
            values.reserveCapacity(values.count + range.count / 4)
            bytes.withUnsafeBytes { raw in
                for offset in stride(from: range.lowerBound, to: range.upperBound, by: 4) {
                    values.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
                }
            }
        } else {
            try expect(wireType, .fixed32)
            values.append(try readFloat())
        }
    }

    /// Appends a repeated double field (packed or not).
    mutating func readRepeatedDouble(_ wireType: WireType, into values: inout [Double]) throws {
        if wireType == .lengthDelimited {
            let range = try readLengthDelimitedRange()
            guard range.count % 8 == 0 else { throw failure("packed double field of \(range.count) bytes") }
            values.reserveCapacity(values.count + range.count / 8)
            bytes.withUnsafeBytes { raw in
                for offset in stride(from: range.lowerBound, to: range.upperBound, by: 8) {
                    values.append(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))))
                }
            }
        } else {
            try expect(wireType, .fixed64)
            values.append(try readDouble())
        }
    }

    /// Throws unless the field arrived with the wire type its schema requires.
    func expect(_ actual: WireType, _ required: WireType) throws {
        guard actual == required else {
            throw failure("field has wire type \(actual.rawValue), expected \(required.rawValue)")
        }
    }
}
