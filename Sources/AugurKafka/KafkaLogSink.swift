import AugurTelemetry
import CRdKafka
import Logging
import NIOCore
import NIOPosix

/// The inference log as a Kafka topic (`augur.log`): one record per inference, key = the correlation id,
/// headers = the log stream's fields but the payloads (`id`, `model`, `version`, `daemon`, `enqueued_us`,
/// `read_us`, `model_start_us`, `model_end_us`, `written_us`, `outcome`, `shadow_*`), value = the record as
/// one JSON object, exactly as a line of the JSON-lines file (inputs and outputs as the payload mode keeps them).
///
/// It has a producer of its own, so the log's backlog never queues in front of results. A batch whose
/// records are not all delivered is written again (at-least-once); a record the broker refuses as too large
/// is dropped and logged.
public final class KafkaLogSink: InferenceLogSink {
    /// The log topic.
    public let topic: String
    private let producer: KafkaProducerClient

    private init(topic: String, producer: KafkaProducerClient) {
        self.topic = topic
        self.producer = producer
    }

    /// Connects a producer for `topic`, creating the topic (one partition) when the broker does not have it;
    /// when it cannot be created, writes are retried and logged until someone does. Call `close()` when done.
    public static func open(
        kafka: KafkaClientConfiguration,
        topic: String = "augur.log",
        clientID: String,
        logger: Logger
    ) async throws -> KafkaLogSink {
        // Log records are many and small: batch them a little longer than results. A batch not delivered within
        // 10 s fails and is written again; librdkafka's default (5 min) would hold a shutdown that long when the
        // broker is down. User options still win.
        var settings = kafka
        settings.options =
            [KafkaOption(key: "linger.ms", value: "20"), KafkaOption(key: "message.timeout.ms", value: "10000")] + kafka.options
        let producer = try KafkaProducerClient(
            settings: KafkaProducerClient.settings(configuration: settings, clientID: clientID),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        try? await NIOThreadPool.singleton.runIfActive {
            createTopicIfMissing(topic, kafka: kafka, clientID: clientID, logger: logger)
        }
        return KafkaLogSink(topic: topic, producer: producer)
    }

    /// The topic's name.
    public var name: String { topic }

    /// The record's value is its JSON object.
    public var wantsJSON: Bool { true }

    /// Produces one record per entry and waits for every delivery report.
    public func write(_ entries: [InferenceLogEntry]) async throws {
        let outcomes = await producer.send(entries.map { Self.message(for: $0, topic: topic) })
        let failures = outcomes.compactMap { $0 }
        guard let first = failures.first else { return }
        // librdkafka reports a record over message.max.bytes with the broker's code, locally or from the broker.
        if failures.allSatisfy({ $0.code == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE.rawValue }) {
            throw InferenceLogError.streamRejected(stream: topic, count: failures.count, firstError: "\(first)")
        }
        throw first
    }

    /// Delivers what is queued (up to 2 s), stops the producer and destroys its librdkafka client.
    public func close() async {
        await producer.shutdown(timeoutMilliseconds: 2000)
        producer.destroy()
    }

    /// The record that carries `entry` to `topic`.
    public static func message(for entry: InferenceLogEntry, topic: String) -> KafkaOutgoingMessage {
        var headers: [KafkaHeader] = []
        headers.reserveCapacity(entry.fields.count)
        for field in entry.fields where field.name != "inputs" && field.name != "outputs" {
            headers.append(KafkaHeader(name: field.name, value: field.value))
        }
        return KafkaOutgoingMessage(topic: topic, key: ByteBuffer(string: entry.id), value: entry.json, headers: headers)
    }

    /// Blocks up to about 20 s.
    private static func createTopicIfMissing(_ topic: String, kafka: KafkaClientConfiguration, clientID: String, logger: Logger) {
        do {
            let admin = try RdKafkaHandle(
                type: RD_KAFKA_PRODUCER,
                settings: KafkaProducerClient.settings(configuration: kafka, clientID: clientID),
                callbacks: KafkaClientCallbacks(logger: logger)
            )
            guard try admin.partitionCount(of: topic, timeoutMilliseconds: 10_000) == nil else { return }
            try admin.createTopic(topic, partitions: 1, configs: [], timeoutMilliseconds: 10_000)
            logger.notice("created the inference log topic", metadata: ["topic": "\(topic)", "partitions": "1"])
        } catch {
            logger.warning(
                "could not check or create the inference log topic; records are retried until it exists",
                metadata: ["topic": "\(topic)", "error": "\(error)"]
            )
        }
    }
}
