import AugurProcessor
import AugurRedisClient
import NIOCore
import Testing

@testable import AugurKafka

@Suite("Kafka message contract")
struct KafkaMessageContractTests {
    private func request(
        key: String? = "corr-1",
        headers: [KafkaHeader],
        value: String? = "[5.1,3.5,1.4,0.2]",
        timestamp: Int64? = 1_700_000_000_123,
        offset: Int64 = 42
    ) -> KafkaRecord {
        KafkaRecord(
            topic: "augur.requests",
            partition: 3,
            offset: offset,
            timestampMilliseconds: timestamp,
            key: key.map { ByteBuffer(string: $0) },
            value: value.map { ByteBuffer(string: $0) },
            headers: headers
        )
    }

    private func field(_ message: StreamMessage, _ name: String) -> String? {
        message[name].map { String(buffer: $0) }
    }

    @Test("request headers and value become the planner's fields")
    func requestHeadersBecomeFields() {
        let record = request(headers: [
            KafkaHeader("id", "corr-1"), KafkaHeader("model", "iris"), KafkaHeader("version", "2"),
            KafkaHeader("reply_to", "my.replies"), KafkaHeader("deadline_ms", "1700000009999"), KafkaHeader("other", "x"),
        ])
        let message = KafkaMessageContract.streamMessage(for: record, nowMilliseconds: 5)
        #expect(field(message, "id") == "corr-1")
        #expect(field(message, "model") == "iris")
        #expect(field(message, "version") == "2")
        #expect(field(message, "reply_to") == "my.replies")
        #expect(field(message, "deadline_ms") == "1700000009999")
        #expect(field(message, "inputs") == "[5.1,3.5,1.4,0.2]")
        #expect(field(message, "other") == nil)
    }

    @Test("the key is the correlation id when the id header is absent")
    func keyStandsInForID() {
        let message = KafkaMessageContract.streamMessage(
            for: request(key: "from-key", headers: [KafkaHeader("model", "iris")]),
            nowMilliseconds: 5
        )
        #expect(field(message, "id") == "from-key")
    }

    @Test("the id header wins over the key")
    func idHeaderWinsOverKey() {
        let message = KafkaMessageContract.streamMessage(
            for: request(key: "from-key", headers: [KafkaHeader("id", "from-header")]),
            nowMilliseconds: 5
        )
        #expect(field(message, "id") == "from-header")
    }

    @Test("the entry id is the record timestamp and offset")
    func entryIDIsTimestampAndOffset() {
        let message = KafkaMessageContract.streamMessage(for: request(headers: []), nowMilliseconds: 5)
        #expect(message.id == StreamID(milliseconds: 1_700_000_000_123, sequence: 42))
    }

    @Test("a record without a timestamp is dated when it was read")
    func missingTimestampUsesNow() {
        let message = KafkaMessageContract.streamMessage(for: request(headers: [], timestamp: nil), nowMilliseconds: 777)
        #expect(message.id == StreamID(milliseconds: 777, sequence: 42))
    }

    @Test("a mapped record parses as a prediction request with the default reply topic")
    func mappedRecordParses() throws {
        let record = request(headers: [KafkaHeader("model", "iris"), KafkaHeader("version", "3")])
        let message = KafkaMessageContract.streamMessage(for: record, nowMilliseconds: 5)
        let parsed = try PredictionRequest(message: message, defaultReplyTo: "augur.results")
        #expect(parsed.id == "corr-1")
        #expect(parsed.version == 3)
        #expect(parsed.replyTo == "augur.results")
        #expect(parsed.enqueuedMilliseconds == 1_700_000_000_123)
    }

    @Test("a request without id header or key is rejected under its timestamp-offset id")
    func noIDIsRejected() {
        let record = request(key: nil, headers: [KafkaHeader("model", "iris")])
        let message = KafkaMessageContract.streamMessage(for: record, nowMilliseconds: 5)
        #expect(throws: RequestRejection.self) { try PredictionRequest(message: message, defaultReplyTo: "augur.results") }
        do {
            _ = try PredictionRequest(message: message, defaultReplyTo: "augur.results")
        } catch {
            #expect(error.id == "1700000000123-42")
            #expect(error.error.code == .missingField)
        }
    }

    @Test("a request without a value is rejected with missing_field")
    func noValueIsRejected() {
        let record = request(headers: [KafkaHeader("model", "iris")], value: nil)
        let message = KafkaMessageContract.streamMessage(for: record, nowMilliseconds: 5)
        do {
            _ = try PredictionRequest(message: message, defaultReplyTo: "augur.results")
            Issue.record("a request without inputs parsed")
        } catch {
            #expect(error.error.code == .missingField)
            #expect(error.id == "corr-1")
        }
    }

    @Test("a success result goes to reply_to keyed by id, with outputs as the value")
    func successResultMapping() {
        let result = PredictionResult(
            entryID: StreamID(milliseconds: 1000, sequence: 7),
            id: "corr-9",
            model: "iris",
            version: 2,
            outcome: .outputs(Array(#"[{"name":"label"}]"#.utf8)),
            replyTo: "my.replies"
        )
        let message = KafkaMessageContract.resultMessage(for: result, nowMicroseconds: 1_500_000)
        #expect(message.topic == "my.replies")
        #expect(message.key == ByteBuffer(string: "corr-9"))
        #expect(message.value == ByteBuffer(string: #"[{"name":"label"}]"#))
        #expect(message.headers.map(\.name) == ["id", "model", "version", "latency_us"])
        #expect(message.header("version") == ByteBuffer(string: "2"))
        #expect(message.header("latency_us") == ByteBuffer(string: "500000"))
        #expect(message.header("error") == nil)
    }

    @Test("a failed result carries the error code header and the error JSON value")
    func failureResultMapping() {
        let result = PredictionResult(
            entryID: StreamID(milliseconds: 1000, sequence: 7),
            id: "corr-9",
            model: "nope",
            version: nil,
            outcome: .failure(RequestError(.unknownModel, "no \"nope\" loaded")),
            replyTo: "augur.results"
        )
        let message = KafkaMessageContract.resultMessage(for: result, nowMicroseconds: 1_000_000)
        #expect(message.header("error") == ByteBuffer(string: "unknown_model"))
        #expect(message.header("version") == nil)
        #expect(message.value == ByteBuffer(string: #"{"code":"unknown_model","message":"no \"nope\" loaded"}"#))
    }

    @Test("a dead letter keeps the request and says why and where it came from")
    func deadLetterMapping() {
        let record = request(headers: [KafkaHeader("model", "iris")])
        let letter = KafkaMessageContract.deadLetter(
            for: record,
            topic: "augur.dead",
            error: RequestError(.maxDeliveries, "could not deliver")
        )
        #expect(letter.topic == "augur.dead")
        #expect(letter.key == record.key)
        #expect(letter.value == record.value)
        #expect(letter.header("model") == ByteBuffer(string: "iris"))
        #expect(letter.header("error") == ByteBuffer(string: "max_deliveries"))
        #expect(letter.header("error_message") == ByteBuffer(string: "could not deliver"))
        #expect(letter.header("source") == ByteBuffer(string: "augur.requests/3/42"))
    }
}
