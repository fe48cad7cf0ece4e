import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@testable import AugurRESP

@Suite("RESPCommandDecoder split input")
struct RESPCommandDecoderSplitTests {
    static let stream = """
        *5\r\n$4\r\nXADD\r\n$6\r\nstream\r\n$1\r\n*\r\n$5\r\nfield\r\n$5\r\nvalue\r\n\
        PING\r\n\
        ECHO "two words" 'single \\' quote'\r\n\
        *0\r\n\
        *2\r\n$4\r\nECHO\r\n$0\r\n\r\n\
        \n\
        *3\r\n$4\r\nXLEN\r\n$12\r\nline\r\nbreaks\r\n$3\r\n\u{0}\u{1}\u{2}\r\n
        """
    static let expected = [
        ["XADD", "stream", "*", "field", "value"],
        ["PING"],
        ["ECHO", "two words", "single ' quote"],
        ["ECHO", ""],
        ["XLEN", "line\r\nbreaks", "\u{0}\u{1}\u{2}"],
    ]

    @Test("decodes the same commands all at once, byte by byte and in random splits")
    func decodesAnySplit() {
        for chunks in chunkings(of: bytes(Self.stream), randomSplits: 50) {
            var decoder = RESPCommandDecoder()
            let result = feed(&decoder, chunks: chunks)
            #expect(result.error == nil)
            #expect(result.messages.map(\.words) == Self.expected)
            #expect(result.leftoverBytes == 0)
        }
    }

    @Test("passes NIO's ByteToMessageDecoderVerifier")
    func passesVerifier() throws {
        let commands = Self.expected.map { RESPCommand(arguments: $0.map { ByteBuffer(string: $0) }) }
        let pairs = [(ByteBuffer(string: Self.stream), commands)]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { RESPCommandDecoder() }
    }

    @Test("decodes through a ByteToMessageHandler on an EmbeddedChannel")
    func decodesOnChannel() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(RESPCommandDecoder()))
        defer { _ = try? channel.finish() }
        try channel.writeInbound(ByteBuffer(string: "*1\r\n$4\r\nPI"))
        #expect(try channel.readInbound(as: RESPCommand.self) == nil)
        try channel.writeInbound(ByteBuffer(string: "NG\r\nECHO x\r\n"))
        #expect(try channel.readInbound(as: RESPCommand.self) == RESPCommand("PING"))
        #expect(try channel.readInbound(as: RESPCommand.self) == RESPCommand("ECHO", "x"))
    }

    @Test("surfaces a protocol error through the channel pipeline")
    func surfacesErrorOnChannel() {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(RESPCommandDecoder()))
        defer { _ = try? channel.finish() }
        #expect(throws: RESPProtocolError.invalidMultibulkLength) {
            try channel.writeInbound(ByteBuffer(string: "*x\r\n"))
        }
    }

    @Test("decodes a long inline line fed byte by byte")
    func decodesLongInlineByteByByte() {
        let word = String(repeating: "w", count: 60_000)
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: bytes("ECHO \(word)\r\n").map { [$0] })
        #expect(result.messages.map(\.words) == [["ECHO", word]])
    }

    @Test("decodes a large bulk argument fed in small pieces")
    func decodesLargeBulkInPieces() {
        let payload = [UInt8](repeating: 7, count: 200_000)
        let input = bytes("*2\r\n$4\r\nECHO\r\n$200000\r\n") + payload + bytes("\r\n")
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: split(input, sizes: Array(repeating: 997, count: 300)))
        #expect(result.messages.count == 1)
        #expect(result.messages.first.map { Array($0.arguments[1].readableBytesView) } == payload)
    }
}
