import NIOCore
import Testing

@testable import AugurRESP

@Suite("RESPCommandDecoder multibulk")
struct RESPCommandDecoderMultibulkTests {
    @Test("decodes one multibulk command into its words")
    func decodesOneCommand() {
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: [bytes("*3\r\n$4\r\nXLEN\r\n$2\r\nab\r\n$0\r\n\r\n")])
        #expect(result.error == nil)
        #expect(result.messages.map(\.words) == [["XLEN", "ab", ""]])
        #expect(result.leftoverBytes == 0)
    }

    @Test("decodes sixteen pipelined XADDs from one packet")
    func decodesPipelinedCommands() {
        let one = "*5\r\n$4\r\nXADD\r\n$1\r\ns\r\n$1\r\n*\r\n$1\r\nf\r\n$1\r\nv\r\n"
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: [bytes(String(repeating: one, count: 16))])
        #expect(result.messages.count == 16)
        #expect(result.messages.allSatisfy { $0.words == ["XADD", "s", "*", "f", "v"] })
    }

    @Test("keeps binary bytes, including CR LF and NUL, inside bulk arguments")
    func keepsBinaryArguments() {
        var decoder = RESPCommandDecoder()
        let payload: [UInt8] = [0, 13, 10, 255, 36, 42]
        let result = feed(&decoder, chunks: [bytes("*2\r\n$4\r\nECHO\r\n$6\r\n") + payload + bytes("\r\n")])
        #expect(result.messages.count == 1)
        #expect(Array(result.messages[0].arguments[1].readableBytesView) == payload)
    }

    @Test("returns arguments as slices of the received buffer, not copies")
    func argumentsAreSlices() throws {
        var decoder = RESPCommandDecoder()
        var buffer = ByteBuffer(string: "*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n")
        let command = try #require(try decoder.decode(buffer: &buffer))
        let bufferStart = buffer.withUnsafeReadableBytes { $0.baseAddress! } - buffer.readerIndex
        let argumentStart = command.arguments[1].withUnsafeReadableBytes { $0.baseAddress! }
        #expect(argumentStart == bufferStart + 18)
    }

    @Test("ignores empty and negative multibulk headers like Redis")
    func ignoresEmptyMultibulk() {
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: [bytes("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n")])
        #expect(result.messages.map(\.words) == [["PING"]])
        #expect(result.error == nil)
    }

    @Test("skips the two bytes after a bulk payload without checking them, as Redis does")
    func skipsBulkTerminatorUnchecked() {
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: [bytes("*1\r\n$4\r\nPINGxy*1\r\n$4\r\nPING\r\n")])
        #expect(result.messages.map(\.words) == [["PING"], ["PING"]])
    }

    @Test("waits for the rest of a command without consuming the part received")
    func waitsForIncompleteCommand() {
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: [bytes("*2\r\n$4\r\nECHO\r\n$5\r\nhel")])
        #expect(result.messages.isEmpty)
        #expect(result.error == nil)
    }

    @Test("accepts a bulk argument exactly at the configured maximum length")
    func acceptsBulkAtLimit() {
        var decoder = RESPCommandDecoder(configuration: .init(maxBulkLength: 5))
        let result = feed(&decoder, chunks: [bytes("*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n")])
        #expect(result.messages.map(\.words) == [["ECHO", "hello"]])
    }

    @Test("accepts exactly the configured maximum number of arguments")
    func acceptsArgumentsAtLimit() {
        var decoder = RESPCommandDecoder(configuration: .init(maxArguments: 2))
        let result = feed(&decoder, chunks: [bytes("*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n")])
        #expect(result.messages.map(\.words) == [["ECHO", "x"]])
    }

    @Test("keeps a configured limit readable from the decoder")
    func exposesConfiguration() {
        let decoder = RESPCommandDecoder()
        #expect(decoder.configuration.maxBulkLength == 512 * 1024 * 1024)
        #expect(decoder.configuration.maxArguments == 1_048_576)
        #expect(decoder.configuration.maxInlineLength == 65_536)
    }
}
