import NIOCore
import Testing

@testable import AugurRESP

@Suite("RESPCommandDecoder properties")
struct RESPCommandDecoderPropertyTests {
    private static func randomCommand(_ generator: inout SplitMix64) -> [[UInt8]] {
        (0..<Int.random(in: 1...6, using: &generator)).map { _ in
            (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
    }

    private static func multibulk(_ words: [[UInt8]]) -> [UInt8] {
        var bytes = Array("*\(words.count)\r\n".utf8)
        for word in words { bytes += Array("$\(word.count)\r\n".utf8) + word + [13, 10] }
        return bytes
    }

    @Test("decodes random binary commands identically whole, byte by byte and in random splits")
    func randomCommandsSurviveAnySplit() {
        var generator = SplitMix64(seed: 99)
        for round in 0..<40 {
            let commands = (0..<Int.random(in: 1...20, using: &generator)).map { _ in Self.randomCommand(&generator) }
            let stream = commands.flatMap(Self.multibulk)
            for chunks in chunkings(of: stream, randomSplits: 5, seed: UInt64(round)) {
                var decoder = RESPCommandDecoder()
                let result = feed(&decoder, chunks: chunks)
                #expect(result.error == nil)
                #expect(result.messages.map { $0.arguments.map { Array($0.readableBytesView) } } == commands)
            }
        }
    }

    @Test(
        "reports the same error for a malformed command received whole or byte by byte",
        arguments: [
            ("*1\r\n$03\r\nabc\r\n", RESPProtocolError.invalidBulkLength),
            ("*2\r\n$4\r\nECHO\r\n:1\r\n", .expectedDollar(got: UInt8(ascii: ":"))),
            ("*2\r\n$4\r\nECHO\r\n$6\r\nx\r\n", nil),
            ("*01\r\n$4\r\nPING\r\n", .invalidMultibulkLength),
            ("*3\r\n$4\r\nECHO\r\n$1\r\nx\r\n", nil),
        ]
    )
    func sameErrorWholeOrSplit(input: String, error: RESPProtocolError?) {
        var whole = RESPCommandDecoder()
        var split = RESPCommandDecoder()
        #expect(feed(&whole, chunks: [bytes(input)]).error == error)
        #expect(feed(&split, chunks: bytes(input).map { [$0] }).error == error)
    }

    @Test("applies the argument and bulk limits to commands received whole")
    func limitsApplyToWholeCommands() {
        var few = RESPCommandDecoder(configuration: .init(maxArguments: 1))
        #expect(feed(&few, chunks: [bytes("*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n")]).error == .invalidMultibulkLength)
        var short = RESPCommandDecoder(configuration: .init(maxBulkLength: 3))
        #expect(feed(&short, chunks: [bytes("*1\r\n$4\r\nPING\r\n")]).error == .invalidBulkLength)
    }
}
