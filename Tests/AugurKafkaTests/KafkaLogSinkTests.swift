import AugurTelemetry
import NIOCore
import Testing

@testable import AugurKafka

@Suite("Kafka inference log records")
struct KafkaLogSinkTests {
    private let entry = InferenceLogEntry(
        id: "r1",
        fields: [
            ("id", ByteBuffer(string: "r1")), ("model", ByteBuffer(string: "iris")), ("version", ByteBuffer(string: "2")),
            ("outcome", ByteBuffer(string: "ok")), ("inputs", ByteBuffer(string: "[[1.0]]")),
            ("outputs", ByteBuffer(string: "[0.5]")),
        ],
        json: ByteBuffer(string: #"{"id":"r1","model":"iris","version":2,"outcome":"ok","inputs":[[1.0]],"outputs":[0.5]}"#)
    )

    @Test("the key is the correlation id and the value is the record's JSON object")
    func keyAndValue() {
        let message = KafkaLogSink.message(for: entry, topic: "augur.log")
        #expect(message.topic == "augur.log")
        #expect(message.key == ByteBuffer(string: "r1"))
        #expect(message.value == entry.json)
    }

    @Test("every field but the payloads is a header, in order")
    func headers() {
        let message = KafkaLogSink.message(for: entry, topic: "augur.log")
        #expect(message.headers.map(\.name) == ["id", "model", "version", "outcome"])
        #expect(message.header("version") == ByteBuffer(string: "2"))
    }
}
