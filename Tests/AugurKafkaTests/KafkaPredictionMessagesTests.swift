import AugurClient
import AugurProcessor
import AugurRedisClient
import NIOCore
import Testing

@testable import AugurKafka

@Suite("Kafka prediction client: request and result records")
struct KafkaPredictionMessagesTests {
    private let messages = KafkaPredictionMessages(requestTopic: "augur.requests", replyTopic: "augur.replies.abc")

    /// What the daemon reads when `message` was produced: the same key, value and headers.
    private func consumed(_ message: KafkaOutgoingMessage, offset: Int64 = 7) -> KafkaRecord {
        KafkaRecord(
            topic: message.topic,
            partition: 0,
            offset: offset,
            timestampMilliseconds: 1_700_000_000_000,
            key: message.key,
            value: message.value,
            headers: message.headers
        )
    }

    private func header(_ message: KafkaOutgoingMessage, _ name: String) -> String? {
        message.header(name).map { String(buffer: $0) }
    }

    @Test("a request goes to the request topic, keyed and headed by its correlation id, with inputs as its value")
    func requestRecordLayout() {
        let call = PredictionCall(model: "iris", version: 3, inputs: "[1,2,3,4]", deadlineMilliseconds: 1_700_000_009_999)
        let message = messages.request(id: ByteBuffer(string: "tok-5"), call: call)
        #expect(message.topic == "augur.requests")
        #expect(message.key == ByteBuffer(string: "tok-5"))
        #expect(message.value == ByteBuffer(string: "[1,2,3,4]"))
        #expect(header(message, "id") == "tok-5")
        #expect(header(message, "model") == "iris")
        #expect(header(message, "version") == "3")
        #expect(header(message, "reply_to") == "augur.replies.abc")
        #expect(header(message, "deadline_ms") == "1700000009999")
    }

    @Test("a request without version or deadline carries neither header")
    func optionalHeadersLeftOut() {
        let message = messages.request(id: ByteBuffer(string: "tok-6"), call: PredictionCall(model: "iris", inputs: "[1]"))
        #expect(message.header("version") == nil)
        #expect(message.header("deadline_ms") == nil)
        #expect(message.headers.map(\.name) == ["id", "model", "reply_to"])
    }

    @Test("the daemon reads a client's request as the fields the planner expects")
    func daemonReadsClientRequest() {
        let call = PredictionCall(model: "iris", version: 2, inputs: "[5.1,3.5,1.4,0.2]", deadlineMilliseconds: 99)
        let entry = KafkaMessageContract.streamMessage(for: consumed(messages.request(id: ByteBuffer(string: "t-1"), call: call)), nowMilliseconds: 0)
        func field(_ name: String) -> String? { entry[name].map { String(buffer: $0) } }
        #expect(field("id") == "t-1")
        #expect(field("model") == "iris")
        #expect(field("version") == "2")
        #expect(field("reply_to") == "augur.replies.abc")
        #expect(field("deadline_ms") == "99")
        #expect(field("inputs") == "[5.1,3.5,1.4,0.2]")
    }

    @Test("a daemon's successful result reads back with outputs, version and latency")
    func successfulResultReadsBack() {
        let result = PredictionResult(
            entryID: StreamID(milliseconds: 1000, sequence: 7),
            id: "t-1",
            model: "iris",
            version: 2,
            outcome: .outputs(Array(#"[{"name":"label","data":["setosa"]}]"#.utf8)),
            replyTo: "augur.replies.abc"
        )
        let reply = KafkaPredictionMessages.reply(from: consumed(KafkaMessageContract.resultMessage(for: result, nowMicroseconds: 1_250_000)))
        #expect(reply.id == "t-1")
        #expect(reply.model == "iris")
        #expect(reply.version == 2)
        #expect(reply.outputs == #"[{"name":"label","data":["setosa"]}]"#)
        #expect(reply.error == nil)
        #expect(reply.latencyMicros == 250_000)
    }

    @Test("a daemon's error result reads back with its code and message and no outputs")
    func errorResultReadsBack() {
        let result = PredictionResult(
            entryID: StreamID(milliseconds: 1000, sequence: 7),
            id: "t-2",
            model: "nope",
            version: nil,
            outcome: .failure(RequestError(.unknownModel, "model 'nope' is not loaded")),
            replyTo: "augur.replies.abc"
        )
        let reply = KafkaPredictionMessages.reply(from: consumed(KafkaMessageContract.resultMessage(for: result, nowMicroseconds: 1_000_000)))
        #expect(reply.id == "t-2")
        #expect(reply.version == nil)
        #expect(reply.outputs == nil)
        #expect(reply.error == PredictionReply.Failure(code: "unknown_model", message: "model 'nope' is not loaded"))
    }

    @Test("an error header with a value that is not an error object keeps the header's code")
    func errorHeaderCodeWins() {
        let record = KafkaRecord(
            topic: "r", partition: 0, offset: 0, key: ByteBuffer(string: "t-3"), value: ByteBuffer(string: "boom"),
            headers: [KafkaHeader("error", "internal")]
        )
        let reply = KafkaPredictionMessages.reply(from: record)
        #expect(reply.error == PredictionReply.Failure(code: "internal", message: "boom"))
    }

    @Test("a result without an id header is matched by its key")
    func keyIsTheFallbackID() {
        let record = KafkaRecord(topic: "r", partition: 0, offset: 0, key: ByteBuffer(string: "t-4"), value: ByteBuffer(string: "[]"))
        #expect(KafkaPredictionMessages.correlationID(of: record) == ByteBuffer(string: "t-4"))
        #expect(KafkaPredictionMessages.reply(from: record).id == "t-4")
    }
}
