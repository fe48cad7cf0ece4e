import NIOCore
import Testing

@testable import AugurRESP

@Suite("RESPCommandDecoder inline")
struct RESPCommandDecoderInlineTests {
    private func words(_ line: String) -> [[String]] {
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: [bytes(line)])
        return result.messages.map(\.words)
    }

    private func error(_ line: String) -> RESPProtocolError? {
        var decoder = RESPCommandDecoder()
        return feed(&decoder, chunks: [bytes(line)]).error
    }

    @Test("splits an inline command on spaces and tabs")
    func splitsOnWhitespace() {
        #expect(words("XADD  s\t*  f v\r\n") == [["XADD", "s", "*", "f", "v"]])
    }

    @Test("accepts a bare LF as the inline line terminator")
    func acceptsBareLineFeed() {
        #expect(words("PING\nECHO hi\n") == [["PING"], ["ECHO", "hi"]])
    }

    @Test("ignores blank and whitespace-only inline lines")
    func ignoresBlankLines() {
        #expect(words("\r\n   \r\n\nPING\r\n") == [["PING"]])
    }

    @Test("reads double-quoted words with spaces and escapes")
    func readsDoubleQuotes() {
        #expect(words("ECHO \"a b\" \"x\\n\\r\\t\\b\\a\\\\\\\"\"\r\n") == [["ECHO", "a b", "x\n\r\t\u{8}\u{7}\\\""]])
    }

    @Test("reads hexadecimal escapes in double quotes")
    func readsHexEscapes() {
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: [bytes("ECHO \"\\x00\\xfF\\x4a\\xg1\"\r\n")])
        #expect(Array(result.messages[0].arguments[1].readableBytesView) == [0, 255, 0x4A] + bytes("xg1"))
    }

    @Test("reads single-quoted words where only \\' is an escape")
    func readsSingleQuotes() {
        #expect(words("ECHO 'it\\'s \\n'\r\n") == [["ECHO", "it's \\n"]])
    }

    @Test("joins a plain prefix with a quoted part into one word")
    func joinsPrefixAndQuote() {
        #expect(words("ECHO ab\"c d\"\r\n") == [["ECHO", "abc d"]])
    }

    @Test("reads empty quoted words")
    func readsEmptyQuotes() {
        #expect(words("ECHO \"\" ''\r\n") == [["ECHO", "", ""]])
    }

    @Test("rejects an unterminated double quote with Redis's text")
    func rejectsUnterminatedDoubleQuote() {
        #expect(error("ECHO \"abc\r\n") == .unbalancedQuotes)
        #expect(RESPProtocolError.unbalancedQuotes.replyText == "ERR Protocol error: unbalanced quotes in request")
    }

    @Test("rejects an unterminated single quote")
    func rejectsUnterminatedSingleQuote() {
        #expect(error("ECHO 'abc\r\n") == .unbalancedQuotes)
    }

    @Test("rejects a closing quote followed by a non-space byte")
    func rejectsQuoteFollowedByText() {
        #expect(error("ECHO \"a\"b\r\n") == .unbalancedQuotes)
        #expect(error("ECHO 'a'b\r\n") == .unbalancedQuotes)
    }

    @Test("ends an inline line at a NUL byte like Redis's C string split")
    func stopsAtNul() {
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: [bytes("ECHO a") + [0] + bytes(" b\r\n")])
        #expect(result.messages.map(\.words) == [["ECHO", "a"]])
    }

    @Test("returns plain inline words as slices of the received buffer")
    func plainWordsAreSlices() throws {
        var decoder = RESPCommandDecoder()
        var buffer = ByteBuffer(string: "ECHO hello\r\n")
        let command = try #require(try decoder.decode(buffer: &buffer))
        let start = buffer.withUnsafeReadableBytes { $0.baseAddress! } - buffer.readerIndex
        #expect(command.arguments[1].withUnsafeReadableBytes { $0.baseAddress! } == start + 5)
    }

    @Test("mixes inline and multibulk commands on one connection")
    func mixesInlineAndMultibulk() {
        #expect(words("PING\r\n*1\r\n$4\r\nPING\r\nECHO x\r\n") == [["PING"], ["PING"], ["ECHO", "x"]])
    }
}
