import AugurStreams
import NIOCore
import Testing

@Suite("StreamID")
struct StreamIDTests {
    @Test("ids order by milliseconds, then sequence")
    func ordering() {
        #expect(StreamID(ms: 1, seq: 9) < StreamID(ms: 2, seq: 0))
        #expect(StreamID(ms: 2, seq: 0) < StreamID(ms: 2, seq: 1))
        #expect(StreamID.zero < StreamID.max)
    }

    @Test("successor and predecessor carry across the sequence and stop at the ends")
    func neighbours() {
        #expect(StreamID(ms: 1, seq: .max).successor == StreamID(ms: 2, seq: 0))
        #expect(StreamID(ms: 2, seq: 0).predecessor == StreamID(ms: 1, seq: .max))
        #expect(StreamID.max.successor == nil)
        #expect(StreamID.zero.predecessor == nil)
    }

    @Test("ids print as ms-seq")
    func text() {
        #expect(String(buffer: StreamID(ms: 1_526_919_030_474, seq: 55).bytes) == "1526919030474-55")
        #expect(String(buffer: StreamID.max.bytes) == "18446744073709551615-18446744073709551615")
        #expect(String(buffer: StreamID.zero.bytes) == "0-0")
    }

    @Test("range bounds: -, +, partial ids and exclusive ids")
    func bounds() {
        func bound(_ s: String, end: Bool) -> String? {
            StreamIDParser.parseBound(ByteBuffer(string: s), isEnd: end).map { "\($0.exclusive ? "(" : "")\($0.id)" }
        }
        #expect(bound("-", end: false) == "0-0")
        #expect(bound("+", end: true) == "18446744073709551615-18446744073709551615")
        #expect(bound("5", end: false) == "5-0")
        #expect(bound("5", end: true) == "5-18446744073709551615")
        #expect(bound("(5-3", end: false) == "(5-3")
        #expect(bound("(-", end: false) == nil)
        #expect(bound("(+", end: true) == nil)
        #expect(bound("5-x", end: false) == nil)
        #expect(bound("18446744073709551616", end: false) == nil)
        #expect(bound("", end: false) == nil)
        #expect(bound("-5", end: false) == nil)
    }

    @Test("XADD id requests: *, ms-*, ms and ms-seq")
    func requests() {
        func request(_ s: String) -> StreamIDRequest? { StreamIDParser.parseRequest(ByteBuffer(string: s)) }
        #expect(request("*") == .auto)
        #expect(request("5-*") == .autoSequence(ms: 5))
        #expect(request("5") == .explicit(StreamID(ms: 5, seq: 0)))
        #expect(request("5-7") == .explicit(StreamID(ms: 5, seq: 7)))
        #expect(request("-") == nil)
        #expect(request("*-5") == nil)
        #expect(request("x-*") == nil)
    }

    @Test("strict ids refuse - and +")
    func strict() {
        #expect(StreamIDParser.parseStrict(ByteBuffer(string: "-")) == nil)
        #expect(StreamIDParser.parseStrict(ByteBuffer(string: "+")) == nil)
        #expect(StreamIDParser.parseStrict(ByteBuffer(string: "0")) == StreamID.zero)
    }
}
