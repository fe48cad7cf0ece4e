import Testing

@testable import AugurRuntime

@Suite("Protobuf wire reader")
struct ProtoReaderTests {
    @Test("a multi-byte varint decodes to its value")
    func multiByteVarint() throws {
        var r = ProtoReader([0xAC, 0x02])
        #expect(try r.readVarint() == 300)
        #expect(r.isAtEnd)
    }

    @Test("a negative int64 is read from its ten-byte two's-complement varint")
    func negativeInt64() throws {
        var r = ProtoReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(try r.readInt64() == -1)
    }

    @Test("a varint longer than ten bytes is rejected")
    func overlongVarint() {
        var r = ProtoReader([UInt8](repeating: 0xFF, count: 11) + [0x01])
        #expect(throws: RuntimeError.self) { try r.readVarint() }
    }

    @Test("a truncated varint reports the byte offset")
    func truncatedVarint() {
        var r = ProtoReader([0x80, 0x80])
        #expect { try r.readVarint() } throws: { error in
            (error as? RuntimeError).map { "\($0)".contains("truncated varint at byte offset 2") } ?? false
        }
    }

    @Test("a tag splits into field number and wire type")
    func tagDecoding() throws {
        var r = ProtoReader([0x4A])  // field 9, wire type 2
        let tag = try #require(try r.readTag())
        #expect(tag.field == 9)
        #expect(tag.wireType == .lengthDelimited)
    }

    @Test("fixed32 and fixed64 fields are little-endian")
    func fixedWidth() throws {
        var r = ProtoReader([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40])
        #expect(try r.readFloat() == 1.0)
        #expect(try r.readDouble() == 2.0)
    }

    @Test("a length-delimited field longer than its message is rejected")
    func lengthPastEnd() {
        var r = ProtoReader([0x05, 0x61, 0x62])
        #expect(throws: RuntimeError.self) { try r.readString() }
    }

    @Test("packed and unpacked repeated varints read the same values")
    func packedAndUnpacked() throws {
        var packed = ProtoReader([0x0A, 0x03, 0x01, 0x02, 0x03])
        var unpacked = ProtoReader([0x08, 0x01, 0x08, 0x02, 0x08, 0x03])
        var a: [Int64] = []
        var b: [Int64] = []
        while let (_, wire) = try packed.readTag() { try packed.readRepeatedInt64(wire, into: &a) }
        while let (_, wire) = try unpacked.readTag() { try unpacked.readRepeatedInt64(wire, into: &b) }
        #expect(a == [1, 2, 3])
        #expect(b == [1, 2, 3])
    }

    @Test("packed repeated floats are read from one length-delimited field")
    func packedFloats() throws {
        var r = ProtoReader([0x22, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
        var values: [Float] = []
        let tag = try #require(try r.readTag())
        try r.readRepeatedFloat(tag.wireType, into: &values)
        #expect(values == [1, -2])
    }

    @Test("unknown fields of every wire type, groups included, are skipped")
    func skipsUnknownFields() throws {
        let bytes: [UInt8] = [
            0x08, 0x96, 0x01,  // field 1 varint
            0x11, 1, 2, 3, 4, 5, 6, 7, 8,  // field 2 fixed64
            0x1A, 0x02, 0x61, 0x62,  // field 3 bytes
            0x23, 0x08, 0x01, 0x24,  // field 4 group holding field 1 varint
            0x2D, 1, 2, 3, 4,  // field 5 fixed32
            0x32, 0x01, 0x7A,  // field 6 string "z"
        ]
        var r = ProtoReader(bytes)
        var found: String?
        while let (field, wire) = try r.readTag() {
            if field == 6 { found = try r.readString() } else { try r.skip(wire, field: field) }
        }
        #expect(found == "z")
    }

    @Test("the writer's varints read back unchanged")
    func writerRoundTrip() throws {
        var w = ProtoWriter()
        for v: Int64 in [0, 1, 127, 128, 300, -1, .max, .min] { w.writeInt64(1, v) }
        var r = ProtoReader(w.bytes)
        var values: [Int64] = []
        while let (_, wire) = try r.readTag() { try r.readRepeatedInt64(wire, into: &values) }
        #expect(values == [0, 1, 127, 128, 300, -1, .max, .min])
    }
}
