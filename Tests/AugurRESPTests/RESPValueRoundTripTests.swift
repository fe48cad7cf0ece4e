import NIOCore
import NIOTestUtils
import Testing

@testable import AugurRESP

@Suite("RESPValue round trips")
struct RESPValueRoundTripTests {
    private func decodeAll(_ chunks: [[UInt8]]) -> FeedResult<RESPValue> {
        var decoder = RESPValueDecoder()
        return feed(&decoder, chunks: chunks)
    }

    @Test("RESP3 round trips every kind, any split", arguments: RESPValueSamples.all)
    func roundTripsRESP3(sample: RESPValueSample) {
        for chunks in chunkings(of: encoded(sample.value, .resp3), randomSplits: 10) {
            let result = decodeAll(chunks)
            #expect(result.error == nil)
            #expect(result.messages == [sample.afterRESP3])
            #expect(result.leftoverBytes == 0)
        }
    }

    @Test("RESP2 round trips every kind through Redis's downgrades, any split", arguments: RESPValueSamples.all)
    func roundTripsRESP2(sample: RESPValueSample) {
        for chunks in chunkings(of: encoded(sample.value, .resp2), randomSplits: 10) {
            let result = decodeAll(chunks)
            #expect(result.error == nil)
            #expect(result.messages == [sample.afterRESP2])
            #expect(result.leftoverBytes == 0)
        }
    }

    @Test("decodes all sample replies written back to back, byte by byte", arguments: [RESPProtocolVersion.resp2, .resp3])
    func decodesConcatenatedReplies(version: RESPProtocolVersion) {
        let stream = RESPValueSamples.all.flatMap { encoded($0.value, version) }
        let expected = RESPValueSamples.all.map { version == .resp3 ? $0.afterRESP3 : $0.afterRESP2 }
        #expect(decodeAll(stream.map { [$0] }).messages == expected)
        #expect(decodeAll([stream]).messages == expected)
    }

    @Test("round trips NaN as a double that is NaN")
    func roundTripsNaN() throws {
        let result = decodeAll([encoded(.double(.nan), .resp3)])
        guard case .double(let value) = try #require(result.messages.first) else {
            Issue.record("expected a double, got \(result.messages)")
            return
        }
        #expect(value.isNaN)
    }

    @Test("passes NIO's ByteToMessageDecoderVerifier for both versions")
    func passesVerifier() throws {
        for version in [RESPProtocolVersion.resp2, .resp3] {
            let pairs = RESPValueSamples.all.map { sample in
                (ByteBuffer(bytes: encoded(sample.value, version)), [version == .resp3 ? sample.afterRESP3 : sample.afterRESP2])
            }
            try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { RESPValueDecoder() }
        }
    }
}
