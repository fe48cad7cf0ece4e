import AugurRESP
import AugurRedisClient
import NIOCore

/// Where the inference log sends its records besides the JSON-lines file: the log stream of a Redis-protocol
/// broker (`RedisStreamLogSink`), a Kafka topic (`KafkaLogSink` in AugurKafka).
///
/// The log calls `write` from one task at a time, with batches of at most `batchSize` entries. A thrown
/// `InferenceLogError.streamRejected` means the sink refused entries for good: they are logged and dropped.
/// Any other error has the whole batch written again after a backoff, so a sink that wrote part of it before
/// failing repeats that part (the log is at-least-once).
public protocol InferenceLogSink: Sendable {
    /// The stream or topic, for logs.
    var name: String { get }
    /// Whether entries should carry `json` (one JSON encoding per record, off the request path).
    var wantsJSON: Bool { get }
    /// Writes one batch.
    func write(_ entries: [InferenceLogEntry]) async throws
}

/// One inference log record as a sink receives it.
public struct InferenceLogEntry: Sendable {
    /// The request's correlation id.
    public var id: String
    /// The record's fields in order, as on the log stream: `id`, `model`, `version`, `daemon`, `enqueued_us`,
    /// `read_us`, `model_start_us`, `model_end_us`, `written_us`, `outcome`, `inputs`, `outputs`, `shadow_*`
    /// (absent optional fields left out; payloads as the payload mode keeps them).
    public var fields: [(name: String, value: ByteBuffer)]
    /// The record as one JSON object, as the file sink writes it without the newline; nil unless the sink
    /// `wantsJSON`.
    public var json: ByteBuffer?

    /// Creates an entry.
    public init(id: String, fields: [(name: String, value: ByteBuffer)], json: ByteBuffer? = nil) {
        self.id = id
        self.fields = fields
        self.json = json
    }
}

/// The inference log as a stream on a Redis-protocol broker: one pipelined `XADD stream MAXLEN ~ N * …` per
/// batch.
public struct RedisStreamLogSink: InferenceLogSink {
    /// The log stream; `augur:log` by default in `InferenceLogConfiguration`.
    public let stream: String
    /// The approximate length the stream is trimmed to on every append.
    public let maxLength: Int
    let sender: any RedisBatchSending

    /// Creates the sink; `sender` should be a connection of its own, so the log's backlog does not queue in
    /// front of results.
    public init(stream: String, maxLength: Int, sender: any RedisBatchSending) {
        self.stream = stream
        self.maxLength = max(1, maxLength)
        self.sender = sender
        self.prefix = Self.prefix(stream: stream, maxLength: self.maxLength)
    }

    /// `XADD stream MAXLEN ~ maxLength *`, built once: every record starts with it.
    private let prefix: [ByteBuffer]

    /// The stream's name.
    public var name: String { stream }

    /// Entries need no JSON here.
    public var wantsJSON: Bool { false }

    /// Sends the batch's XADDs in one pipeline; throws `.streamRejected` when the broker refused some.
    public func write(_ entries: [InferenceLogEntry]) async throws {
        let commands = entries.map { Self.xadd(prefix: prefix, fields: $0.fields) }
        let replies = try await sender.sendBatch(commands)
        let refusals = replies.compactMap(Self.errorText)
        if let first = refusals.first {
            throw InferenceLogError.streamRejected(stream: stream, count: refusals.count, firstError: first)
        }
    }

    /// `XADD stream MAXLEN ~ maxLength * field value …`.
    static func xadd(stream: String, maxLength: Int, fields: [(name: String, value: ByteBuffer)]) -> RESPCommand {
        xadd(prefix: prefix(stream: stream, maxLength: maxLength), fields: fields)
    }

    private static func prefix(stream: String, maxLength: Int) -> [ByteBuffer] {
        ["XADD", stream, "MAXLEN", "~", String(maxLength), "*"].map { ByteBuffer(string: $0) }
    }

    private static func xadd(prefix: [ByteBuffer], fields: [(name: String, value: ByteBuffer)]) -> RESPCommand {
        var arguments = prefix
        arguments.reserveCapacity(prefix.count + 2 * fields.count)
        for field in fields {
            arguments.append(InferenceLogField.bytes(of: field.name))
            arguments.append(field.value)
        }
        return RESPCommand(arguments: arguments)
    }

    private static func errorText(_ reply: RESPValue) -> String? {
        switch reply {
        case .error(let text): text
        case .blobError(let bytes): String(buffer: bytes)
        default: nil
        }
    }
}
