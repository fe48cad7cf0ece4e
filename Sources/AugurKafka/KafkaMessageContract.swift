import AugurProcessor
import AugurRedisClient
import NIOCore

/// The message contract over Kafka: how a request record becomes the stream entry the batch planner reads,
/// and how a result becomes a record on its `reply_to` topic.
///
/// Request (topic `augur.requests`): key = correlation id; headers `id` (the correlation id; the key is
/// used when it is absent), `model`, `version`, `reply_to`, `deadline_ms` (all UTF-8 text, as on the
/// Redis transport); value = the `inputs` JSON. The planner's entry id is
/// `StreamID(milliseconds: record timestamp, sequence: offset)`: the timestamp is when the request entered
/// the queue (latency is measured from it); a record without a timestamp gets the time it was read.
/// A request with neither an `id` header nor a key is answered with id `<timestamp>-<offset>`.
///
/// Result (topic `reply_to`, default `augur.results`): key = correlation id; headers `id`, `model`,
/// `version` (when a model ran), `latency_us`, and `error` = the error code on failure; value = the V2
/// `outputs` JSON, or on failure the `{"code": …, "message": …}` error JSON.
public enum KafkaMessageContract {
    /// The request headers copied into the planner's fields.
    public static let requestHeaders = ["id", "model", "version", "reply_to", "deadline_ms"]

    /// The stream entry the batch planner reads for `record`; `nowMilliseconds` stands in for a missing timestamp.
    public static func streamMessage(for record: KafkaRecord, nowMilliseconds: UInt64) -> StreamMessage {
        let timestamp = record.timestampMilliseconds.flatMap { $0 > 0 ? UInt64($0) : nil } ?? nowMilliseconds
        let entryID = StreamID(milliseconds: timestamp, sequence: UInt64(max(record.offset, 0)))
        var fields: [(name: ByteBuffer, value: ByteBuffer)] = []
        fields.reserveCapacity(requestHeaders.count + 1)
        for name in requestHeaders {
            var value = record.header(name)
            if name == "id", value.map({ $0.readableBytes == 0 }) ?? true { value = record.key }
            if let value, value.readableBytes > 0 { fields.append((ByteBuffer(string: name), value)) }
        }
        if let inputs = record.value { fields.append((ByteBuffer(string: "inputs"), inputs)) }
        return StreamMessage(id: entryID, fields: fields)
    }

    /// The record that carries `result` to its `reply_to` topic, with `latency_us` measured up to
    /// `nowMicroseconds` (Unix time).
    public static func resultMessage(for result: PredictionResult, nowMicroseconds: UInt64) -> KafkaOutgoingMessage {
        var headers: [KafkaHeader] = []
        var value: ByteBuffer?
        headers.reserveCapacity(5)
        // The stream fields are the contract's single source: payload fields become the value, the rest headers.
        for field in result.streamFields(nowMicroseconds: nowMicroseconds) {
            let name = String(buffer: field.name)
            if name == "outputs" || name == "error" {
                value = field.value
            } else {
                headers.append(KafkaHeader(name: name, value: field.value))
            }
        }
        if let error = result.error { headers.append(KafkaHeader("error", error.code.rawValue)) }
        return KafkaOutgoingMessage(topic: result.replyTo, key: ByteBuffer(string: result.id), value: value, headers: headers)
    }

    /// The copy of a request that goes to the dead-letter topic: the record's key, value and headers, plus
    /// `error` (the code), `error_message` and `source` (`topic/partition/offset` it was read from).
    public static func deadLetter(for record: KafkaRecord, topic: String, error: RequestError) -> KafkaOutgoingMessage {
        var headers = record.headers
        headers.append(KafkaHeader("error", error.code.rawValue))
        headers.append(KafkaHeader("error_message", error.message))
        headers.append(KafkaHeader("source", "\(record.topic)/\(record.partition)/\(record.offset)"))
        return KafkaOutgoingMessage(topic: topic, key: record.key, value: record.value, headers: headers)
    }
}
