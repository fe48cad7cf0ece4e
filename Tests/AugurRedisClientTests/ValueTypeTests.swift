import AugurRedisClient
import NIOCore
import Testing

@Suite("Stream ids and backoff")
struct ValueTypeTests {
    @Test("stream ids parse from text and bytes and print back")
    func streamIDParsesAndPrints() {
        let id = StreamID("1718000000000-42")
        #expect(id == StreamID(milliseconds: 1_718_000_000_000, sequence: 42))
        #expect(StreamID(bytes: ByteBuffer(string: "1718000000000-42")) == id)
        #expect(id?.description == "1718000000000-42")
        #expect(id.map { String(buffer: $0.bytes) } == "1718000000000-42")
        #expect(StreamID("7") == StreamID(milliseconds: 7, sequence: 0))
        #expect(StreamID("18446744073709551615-18446744073709551615") == .max)
    }

    @Test("malformed stream ids do not parse", arguments: ["", "-", "1-", "-1", "a-1", "1-2-3", "18446744073709551616-0"])
    func malformedStreamIDs(text: String) {
        #expect(StreamID(text) == nil)
    }

    @Test("stream ids order by milliseconds, then sequence")
    func streamIDOrder() {
        #expect(StreamID(milliseconds: 1, sequence: 9) < StreamID(milliseconds: 2, sequence: 0))
        #expect(StreamID(milliseconds: 2, sequence: 1) < StreamID(milliseconds: 2, sequence: 2))
    }

    @Test("backoff doubles from the minimum, caps at the maximum, and jitter only shortens")
    func backoffGrowsAndCaps() {
        let exact = ReconnectBackoff(minDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: 0)
        #expect(
            (0..<6).map { exact.delay(attempt: $0) } == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1),
            ]
        )
        let jittered = ReconnectBackoff(minDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: 0.5)
        for attempt in 0..<6 {
            let delay = jittered.delay(attempt: attempt)
            #expect(delay <= exact.delay(attempt: attempt))
            #expect(delay >= exact.delay(attempt: attempt) / 2)
        }
    }
}
