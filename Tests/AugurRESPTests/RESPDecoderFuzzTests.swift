import NIOCore
import Testing

@testable import AugurRESP

/// Random junk and truncated frames must never crash a decoder: each input either needs more data,
/// decodes, or throws `RESPProtocolError` (the `feed` helper fails on any other error).
@Suite("Decoder robustness against junk")
struct RESPDecoderFuzzTests {
    /// Bytes that steer a RESP parser into its interesting branches more often than uniform noise.
    private static let alphabet: [UInt8] = Array("*$:+-_,#(=!%~>|;.?\r\n0123456789-\"' \\xaAfF".utf8) + [0, 255]

    private static func junk(_ generator: inout SplitMix64, maxLength: Int) -> [UInt8] {
        let length = Int.random(in: 0...maxLength, using: &generator)
        return (0..<length).map { _ in
            Bool.random(using: &generator)
                ? alphabet.randomElement(using: &generator)!
                : UInt8.random(in: 0...255, using: &generator)
        }
    }

    private static let commandFrames: [[UInt8]] = [
        bytes("*5\r\n$4\r\nXADD\r\n$1\r\ns\r\n$1\r\n*\r\n$1\r\nf\r\n$1\r\nv\r\n"),
        bytes("ECHO \"a\\x41 b\" 'c\\'d'\r\n"),
        bytes("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"),
    ]

    @Test("command decoder survives random junk under tight limits")
    func commandDecoderSurvivesJunk() {
        var generator = SplitMix64(seed: 7)
        let configuration = RESPCommandDecoder.Configuration(maxBulkLength: 64, maxArguments: 16, maxInlineLength: 48)
        for _ in 0..<3_000 {
            let input = Self.junk(&generator, maxLength: 96)
            let sizes = (0..<8).map { _ in Int.random(in: 1...16, using: &generator) }
            var decoder = RESPCommandDecoder(configuration: configuration)
            let result = feed(&decoder, chunks: split(input, sizes: sizes))
            #expect(result.messages.allSatisfy { !$0.arguments.isEmpty })
        }
    }

    @Test("command decoder needs more data for every truncation of a valid frame")
    func commandDecoderTruncations() {
        for frame in Self.commandFrames {
            for cut in 0..<frame.count {
                var decoder = RESPCommandDecoder()
                let result = feed(&decoder, chunks: [Array(frame[..<cut])])
                #expect(result.error == nil)
                #expect(result.messages.isEmpty)
            }
        }
    }

    @Test("value decoder survives random junk under tight limits")
    func valueDecoderSurvivesJunk() {
        var generator = SplitMix64(seed: 11)
        let configuration = RESPValueDecoder.Configuration(
            maxBulkLength: 64, maxAggregateLength: 16, maxLineLength: 48, maxNestingDepth: 8
        )
        for _ in 0..<3_000 {
            let input = Self.junk(&generator, maxLength: 96)
            let sizes = (0..<8).map { _ in Int.random(in: 1...16, using: &generator) }
            var decoder = RESPValueDecoder(configuration: configuration)
            _ = feed(&decoder, chunks: split(input, sizes: sizes))
        }
    }

    @Test("value decoder needs more data for every truncation of every sample", arguments: [RESPProtocolVersion.resp2, .resp3])
    func valueDecoderTruncations(version: RESPProtocolVersion) {
        for sample in RESPValueSamples.all {
            let frame = encoded(sample.value, version)
            for cut in 0..<frame.count {
                var decoder = RESPValueDecoder()
                let result = feed(&decoder, chunks: [Array(frame[..<cut])])
                #expect(result.error == nil)
                #expect(result.messages.isEmpty)
            }
        }
    }

    @Test("value decoder never crashes on valid frames with random bytes flipped")
    func valueDecoderSurvivesMutations() {
        var generator = SplitMix64(seed: 13)
        for _ in 0..<2_000 {
            var frame = encoded(RESPValueSamples.all.randomElement(using: &generator)!.value, .resp3)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                frame[Int.random(in: 0..<frame.count, using: &generator)] = Self.alphabet.randomElement(using: &generator)!
            }
            var decoder = RESPValueDecoder()
            _ = feed(&decoder, chunks: [frame])
        }
    }
}
