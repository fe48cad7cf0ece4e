import NIOCore
import Testing

@testable import AugurRESP

@Suite("RESPCommandDecoder protocol errors")
struct RESPCommandDecoderErrorTests {
    private func error(_ input: [UInt8], _ configuration: RESPCommandDecoder.Configuration = .init()) -> RESPProtocolError? {
        var decoder = RESPCommandDecoder(configuration: configuration)
        return feed(&decoder, chunks: [input]).error
    }

    @Test(
        "rejects malformed multibulk counts with 'invalid multibulk length'",
        arguments: ["*x\r\n", "*\r\n", "*+1\r\n", "*01\r\n", "*1 \r\n", "*-0\r\n", "*99999999999999999999\r\n"]
    )
    func rejectsBadMultibulkCount(input: String) {
        #expect(error(bytes(input)) == .invalidMultibulkLength)
    }

    @Test("rejects more arguments than maxArguments with 'invalid multibulk length'")
    func rejectsTooManyArguments() {
        #expect(error(bytes("*3\r\n"), .init(maxArguments: 2)) == .invalidMultibulkLength)
    }

    @Test(
        "rejects malformed bulk lengths with 'invalid bulk length'",
        arguments: ["$x\r\n", "$-1\r\n", "$\r\n", "$+3\r\n", "$03\r\n", "$1.5\r\n"]
    )
    func rejectsBadBulkLength(input: String) {
        #expect(error(bytes("*1\r\n" + input)) == .invalidBulkLength)
    }

    @Test("rejects a bulk longer than maxBulkLength with 'invalid bulk length'")
    func rejectsTooLongBulk() {
        #expect(error(bytes("*1\r\n$6\r\n"), .init(maxBulkLength: 5)) == .invalidBulkLength)
    }

    @Test("rejects an argument not starting with '$', naming the byte found")
    func rejectsMissingDollar() {
        #expect(error(bytes("*1\r\n:4\r\n")) == .expectedDollar(got: UInt8(ascii: ":")))
        #expect(RESPProtocolError.expectedDollar(got: UInt8(ascii: "x")).replyText == "ERR Protocol error: expected '$', got 'x'")
    }

    @Test("shows a line break found instead of '$' as a space, keeping the reply on one line")
    func rendersLineBreakAsSpace() {
        #expect(error(bytes("*1\r\n\r\n")) == .expectedDollar(got: 13))
        #expect(RESPProtocolError.expectedDollar(got: 13).message == "Protocol error: expected '$', got ' '")
    }

    @Test("rejects an inline line longer than maxInlineLength")
    func rejectsLongInlineLine() {
        let limit = RESPCommandDecoder.Configuration(maxInlineLength: 8)
        #expect(error(bytes("ECHO 1234\r\n"), limit) == .tooBigInlineRequest)
        #expect(error(bytes("ECHO 12345"), limit) == .tooBigInlineRequest)
        #expect(error(bytes("ECHO 1234"), limit) == nil)
        #expect(error(bytes("ECHO 123\r\n"), limit) == nil)
    }

    @Test("rejects an unterminated inline request once it exceeds 64 KiB by default")
    func rejectsDefaultInlineLimit() {
        #expect(error([UInt8](repeating: UInt8(ascii: "a"), count: 65_535)) == nil)
        #expect(error([UInt8](repeating: UInt8(ascii: "a"), count: 65_538)) == .tooBigInlineRequest)
    }

    @Test("rejects a multibulk count line without CR beyond the limit")
    func rejectsLongMultibulkCountLine() {
        let limit = RESPCommandDecoder.Configuration(maxInlineLength: 8)
        #expect(error(bytes("*111111111"), limit) == .tooBigMultibulkCountString)
        #expect(error(bytes("*1111111"), limit) == nil)
    }

    @Test("rejects a bulk length line without CR beyond the limit")
    func rejectsLongBulkCountLine() {
        let limit = RESPCommandDecoder.Configuration(maxInlineLength: 8)
        #expect(error(bytes("*1\r\n$11111111"), limit) == .tooBigBulkCountString)
        #expect(error(bytes("*1\r\n$111111"), limit) == nil)
    }

    @Test("gives every protocol error Redis's exact reply text")
    func errorTexts() {
        let expected: [(RESPProtocolError, String)] = [
            (.tooBigInlineRequest, "ERR Protocol error: too big inline request"),
            (.unbalancedQuotes, "ERR Protocol error: unbalanced quotes in request"),
            (.tooBigMultibulkCountString, "ERR Protocol error: too big mbulk count string"),
            (.invalidMultibulkLength, "ERR Protocol error: invalid multibulk length"),
            (.tooBigBulkCountString, "ERR Protocol error: too big bulk count string"),
            (.expectedDollar(got: UInt8(ascii: "P")), "ERR Protocol error: expected '$', got 'P'"),
            (.invalidBulkLength, "ERR Protocol error: invalid bulk length"),
        ]
        for (error, text) in expected {
            #expect(error.replyText == text)
        }
    }

    @Test("reports the error even when the bad header arrives byte by byte")
    func reportsErrorAcrossSplits() {
        var decoder = RESPCommandDecoder()
        let result = feed(&decoder, chunks: bytes("*1\r\n$x\r\n").map { [$0] })
        #expect(result.error == .invalidBulkLength)
    }
}
