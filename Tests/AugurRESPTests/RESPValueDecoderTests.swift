import NIOCore
import Testing

@testable import AugurRESP

@Suite("RESPValueDecoder")
struct RESPValueDecoderTests {
    private func decode(_ text: String, _ configuration: RESPValueDecoder.Configuration = .init()) -> FeedResult<RESPValue> {
        var decoder = RESPValueDecoder(configuration: configuration)
        return feed(&decoder, chunks: [bytes(text)])
    }

    @Test("assembles a streamed string from its chunks, any split")
    func decodesStreamedString() {
        for chunks in chunkings(of: bytes("$?\r\n;4\r\nHell\r\n;1\r\no\r\n;0\r\n")) {
            var decoder = RESPValueDecoder()
            #expect(feed(&decoder, chunks: chunks).messages == [.bulk("Hello")])
        }
    }

    @Test("assembles streamed aggregates up to their end marker")
    func decodesStreamedAggregates() {
        #expect(decode("*?\r\n:1\r\n*?\r\n.\r\n.\r\n").messages == [.array([.integer(1), .array([])])])
        #expect(decode("%?\r\n+a\r\n:1\r\n.\r\n").messages == [.map([RESPMapEntry(.simpleString("a"), .integer(1))])])
        #expect(decode("~?\r\n:1\r\n.\r\n").messages == [.set([.integer(1)])])
    }

    @Test("drops attributes and keeps the value they annotate")
    func dropsAttributes() {
        #expect(decode("|1\r\n+ttl\r\n:3\r\n:42\r\n").messages == [.integer(42)])
        #expect(decode("*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n").messages == [.array([.integer(1), .integer(2)])])
        #expect(decode("|0\r\n:7\r\n").messages == [.integer(7)])
    }

    @Test("decodes RESP2 nulls to null and null array")
    func decodesRESP2Nulls() {
        #expect(decode("$-1\r\n*-1\r\n_\r\n").messages == [.null, .nullArray, .null])
    }

    @Test("reads a verbatim string's format and text")
    func decodesVerbatim() {
        #expect(decode("=7\r\nmkd:# a\r\n").messages == [.verbatimString(format: "mkd", text: ByteBuffer(string: "# a"))])
    }

    @Test("accepts a signed integer with a plus sign")
    func acceptsPlusSign() {
        #expect(decode(":+5\r\n").messages == [.integer(5)])
    }

    @Test(
        "rejects malformed replies with a typed error",
        arguments: [
            ("@\r\n", RESPProtocolError.unknownReplyType(UInt8(ascii: "@"))),
            (":12a\r\n", .invalidInteger),
            (":99999999999999999999\r\n", .invalidInteger),
            (",abc\r\n", .invalidDouble),
            (",0x10\r\n", .invalidDouble),
            ("#x\r\n", .invalidBoolean),
            ("(12.5\r\n", .invalidBigNumber),
            ("=2\r\nab\r\n", .invalidVerbatimString),
            ("$-2\r\n", .invalidReplyLength),
            ("*-2\r\n", .invalidReplyLength),
            ("%-1\r\n", .invalidReplyLength),
            ("$3\r\nabcde", .missingLineTerminator),
            ("+OK\rx", .missingLineTerminator),
            ("_x\r\n", .invalidNull),
            (";1\r\na\r\n", .unexpectedStreamMarker),
            (".\r\n", .unexpectedStreamMarker),
            ("$?\r\n:1\r\n", .unexpectedStreamMarker),
            ("%?\r\n:1\r\n.\r\n", .incompleteMapPair),
        ]
    )
    func rejectsMalformed(input: String, error: RESPProtocolError) {
        #expect(decode(input).error == error)
    }

    @Test("enforces the bulk, aggregate, line and depth limits")
    func enforcesLimits() {
        #expect(decode("$6\r\n", .init(maxBulkLength: 5)).error == .invalidReplyLength)
        #expect(decode("*3\r\n", .init(maxAggregateLength: 2)).error == .invalidReplyLength)
        #expect(decode("+123456789", .init(maxLineLength: 8)).error == .tooLongReplyLine)
        #expect(decode("+12345678\r\n", .init(maxLineLength: 8)).messages == [.simpleString("12345678")])
        #expect(decode("*1\r\n*1\r\n*1\r\n:1\r\n", .init(maxNestingDepth: 2)).error == .tooDeeplyNested(limit: 2))
        #expect(decode("*1\r\n*1\r\n:1\r\n", .init(maxNestingDepth: 2)).messages == [.array([.array([.integer(1)])])])
    }

    @Test("waits for a bulk payload without consuming its header")
    func waitsForPayload() throws {
        var decoder = RESPValueDecoder()
        var buffer = ByteBuffer(string: "$5\r\nhel")
        #expect(try decoder.decode(buffer: &buffer) == nil as RESPValue?)
        #expect(buffer.readableBytes == 7)
        buffer.writeString("lo\r\n")
        #expect(try decoder.decode(buffer: &buffer) == .bulk("hello"))
    }
}
