import AugurRedisClient
import NIOCore
import Testing

@testable import AugurClient

@Suite("Correlation ids and result entries")
struct ReplyDecodingTests {
    @Test("a correlation id maps back to its sequence number, and a foreign id to none")
    func correlationIDsRoundTrip() {
        let ids = CorrelationIDs()
        for sequence: UInt64 in [0, 9, 10, 12_345, .max] {
            #expect(ids.sequence(of: ids.id(sequence)) == sequence)
        }
        #expect(CorrelationIDs().sequence(of: ids.id(5)) == nil)
        #expect(ids.sequence(of: ByteBuffer(string: "r1")) == nil)
    }

    @Test("a failed result entry becomes a reply with the error's code and message")
    func errorEntry() {
        let message = StreamMessage(
            id: StreamID(milliseconds: 1, sequence: 0),
            fields: [
                ("id", "abc-1"), ("model", "churn"),
                ("error", #"{"code":"bad_input_shape","message":"expected 6 \"features\""}"#), ("latency_us", "250"),
            ].map { (ByteBuffer(string: $0.0), ByteBuffer(string: $0.1)) }
        )
        let reply = PredictionReply(message: message)
        #expect(reply.id == "abc-1" && reply.model == "churn" && reply.version == nil && reply.outputs == nil)
        #expect(reply.error == PredictionReply.Failure(code: "bad_input_shape", message: #"expected 6 "features""#))
        #expect(reply.latencyMicros == 250)
    }

    @Test("an error field that is not a JSON object is kept whole as the message")
    func unparsableError() {
        let message = StreamMessage(
            id: StreamID(milliseconds: 1, sequence: 0),
            fields: [(ByteBuffer(string: "id"), ByteBuffer(string: "x")), (ByteBuffer(string: "error"), ByteBuffer(string: "boom"))]
        )
        #expect(PredictionReply(message: message).error == PredictionReply.Failure(code: "unparsed_error", message: "boom"))
    }
}
