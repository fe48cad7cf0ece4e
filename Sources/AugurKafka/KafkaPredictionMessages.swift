import AugurClient
import NIOCore

/// The client's side of the message contract over Kafka (`KafkaMessageContract` is the daemon's): the
/// request record a `PredictionCall` becomes, and the `PredictionReply` a result record carries.
///
/// Request: key = correlation id; headers `id`, `model`, `version` (when pinned), `reply_to`, `deadline_ms`
/// (when set), all UTF-8 text; value = the `inputs` JSON. Result: headers `id` (the key when absent),
/// `model`, `version`, `latency_us`, `error` (the code, on failure); value = the `outputs` JSON, or on
/// failure the `{"code": …, "message": …}` error JSON.
struct KafkaPredictionMessages: Sendable {
    private let requestTopic: String
    private let replyTo: ByteBuffer

    /// Messages for `requestTopic` whose results go to `replyTopic`.
    init(requestTopic: String, replyTopic: String) {
        self.requestTopic = requestTopic
        self.replyTo = ByteBuffer(string: replyTopic)
    }

    /// The request record of `call` with correlation id `id`.
    func request(id: ByteBuffer, call: PredictionCall) -> KafkaOutgoingMessage {
        var headers: [KafkaHeader] = []
        headers.reserveCapacity(5)
        headers.append(KafkaHeader(name: "id", value: id))
        headers.append(KafkaHeader(name: "model", value: call.model))
        if let version = call.version { headers.append(KafkaHeader("version", String(version))) }
        headers.append(KafkaHeader(name: "reply_to", value: replyTo))
        if let deadline = call.deadlineMilliseconds { headers.append(KafkaHeader("deadline_ms", String(deadline))) }
        return KafkaOutgoingMessage(topic: requestTopic, key: id, value: call.inputs, headers: headers)
    }

    /// The correlation id of a result record: header `id`, or its key.
    static func correlationID(of record: KafkaRecord) -> ByteBuffer? {
        if let id = record.header("id"), id.readableBytes > 0 { return id }
        return record.key
    }

    /// The reply a result record carries.
    static func reply(from record: KafkaRecord) -> PredictionReply {
        var reply = PredictionReply(
            id: correlationID(of: record).map { String(buffer: $0) } ?? "",
            model: record.header("model").map { String(buffer: $0) } ?? ""
        )
        reply.version = record.header("version").flatMap(DecimalText.parse).flatMap { Int(exactly: $0) }
        reply.latencyMicros = record.header("latency_us").flatMap(DecimalText.parse)
        let value = record.value ?? ByteBuffer()
        if let code = record.header("error") {
            var failure = ErrorObjectParser.failure(from: value)
            // The header is the contract's code; the value's object only explains it.
            if failure.code == "unparsed_error" { failure.code = String(buffer: code) }
            reply.error = failure
        } else {
            reply.outputs = String(buffer: value)
        }
        return reply
    }
}
