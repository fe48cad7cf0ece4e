import NIOCore
import Testing

@testable import AugurRESP

@Suite("RESPValueEncoder wire format")
struct RESPValueEncoderTests {
    @Test("writes RESP3 kinds with their own type bytes")
    func writesRESP3() {
        #expect(wire(.null, .resp3) == "_\r\n")
        #expect(wire(.nullArray, .resp3) == "_\r\n")
        #expect(wire(.double(1.5), .resp3) == ",1.5\r\n")
        #expect(wire(.double(-.infinity), .resp3) == ",-inf\r\n")
        #expect(wire(.boolean(true), .resp3) == "#t\r\n")
        #expect(wire(.bigNumber("12345678901234567890"), .resp3) == "(12345678901234567890\r\n")
        #expect(wire(.verbatimString(format: "txt", text: ByteBuffer(string: "hi")), .resp3) == "=6\r\ntxt:hi\r\n")
        #expect(wire(.map([RESPMapEntry(.bulk("a"), .integer(1))]), .resp3) == "%1\r\n$1\r\na\r\n:1\r\n")
        #expect(wire(.set([.integer(1)]), .resp3) == "~1\r\n:1\r\n")
        #expect(wire(.push([.integer(1)]), .resp3) == ">1\r\n:1\r\n")
        #expect(wire(.blobError(ByteBuffer(string: "ERR x")), .resp3) == "!5\r\nERR x\r\n")
    }

    @Test("downgrades RESP3-only kinds for RESP2 the way Redis does")
    func downgradesForRESP2() {
        #expect(wire(.null, .resp2) == "$-1\r\n")
        #expect(wire(.nullArray, .resp2) == "*-1\r\n")
        #expect(wire(.double(1.5), .resp2) == "$3\r\n1.5\r\n")
        #expect(wire(.boolean(true), .resp2) == ":1\r\n")
        #expect(wire(.boolean(false), .resp2) == ":0\r\n")
        #expect(wire(.bigNumber("7"), .resp2) == "$1\r\n7\r\n")
        #expect(wire(.verbatimString(format: "txt", text: ByteBuffer(string: "hi")), .resp2) == "$2\r\nhi\r\n")
        #expect(wire(.map([RESPMapEntry(.bulk("a"), .integer(1))]), .resp2) == "*2\r\n$1\r\na\r\n:1\r\n")
        #expect(wire(.set([.integer(1)]), .resp2) == "*1\r\n:1\r\n")
        #expect(wire(.push([.integer(1)]), .resp2) == "*1\r\n:1\r\n")
        #expect(wire(.blobError(ByteBuffer(string: "ERR x")), .resp2) == "-ERR x\r\n")
    }

    @Test("writes the kinds both versions share identically")
    func writesSharedKinds() {
        for version in [RESPProtocolVersion.resp2, .resp3] {
            #expect(wire(.ok, version) == "+OK\r\n")
            #expect(wire(.error("ERR bad"), version) == "-ERR bad\r\n")
            #expect(wire(.integer(-42), version) == ":-42\r\n")
            #expect(wire(.integer(.max), version) == ":9223372036854775807\r\n")
            #expect(wire(.integer(.min), version) == ":-9223372036854775808\r\n")
            #expect(wire(.bulk("ab"), version) == "$2\r\nab\r\n")
            #expect(wire(.array([.bulk("x"), .array([])]), version) == "*2\r\n$1\r\nx\r\n*0\r\n")
        }
    }

    @Test("turns line breaks inside errors and status replies into spaces")
    func sanitisesLineBreaks() {
        #expect(wire(.error("ERR a\r\nb"), .resp2) == "-ERR a  b\r\n")
        #expect(wire(.simpleString("a\nb"), .resp3) == "+a b\r\n")
    }

    @Test("fast-path writers produce the same bytes as encoding a value")
    func fastPathsMatchValues() {
        var buffer = ByteBuffer()
        RESPValueEncoder.writeArrayHeader(3, into: &buffer)
        RESPValueEncoder.writeBulkString(ByteBuffer(string: "1-0"), into: &buffer)
        RESPValueEncoder.writeBulkString("text", into: &buffer)
        RESPValueEncoder.writeBulkString([UInt8](bytes("raw")), into: &buffer)
        RESPValueEncoder.writeInteger(12, into: &buffer)
        RESPValueEncoder.writeSimpleString("OK", into: &buffer)
        RESPValueEncoder.writeError("ERR no", into: &buffer)
        RESPValueEncoder.writeNull(.resp2, into: &buffer)
        RESPValueEncoder.writeNullArray(.resp2, into: &buffer)
        RESPValueEncoder.writeMapHeader(0, .resp3, into: &buffer)
        RESPValueEncoder.writeMapHeader(2, .resp2, into: &buffer)
        let expected =
            wire(.array([.bulk("1-0"), .bulk("text"), .bulk("raw")]), .resp2) + wire(.integer(12), .resp2)
            + wire(.ok, .resp2) + wire(.error("ERR no"), .resp2) + wire(.null, .resp2) + wire(.nullArray, .resp2)
            + wire(.map([]), .resp3) + "*4\r\n"
        #expect(String(buffer: buffer) == expected)
    }

    @Test("spells doubles as Redis clients read them")
    func spellsDoubles() {
        #expect(wire(.double(3), .resp3) == ",3\r\n")
        #expect(wire(.double(0.1), .resp3) == ",0.1\r\n")
        #expect(wire(.double(.nan), .resp3) == ",nan\r\n")
        #expect(wire(.double(1e300), .resp3) == ",1e+300\r\n")
    }
}
