import AugurControl
import Logging
import NIOPosix

/// The control channel as a single-partition Kafka topic (`augur.control`): each daemon reads it with a
/// consumer of its own outside the request group (see `KafkaControlConsumer`), and appends with a producer
/// of its own. Entries are encoded as `KafkaControlContract` says. Kafka cannot delete a record, so old
/// heartbeats stay; a compacted topic (as `open` creates it) keeps only each daemon's latest.
public final class KafkaControlChannel: ControlChannel {
    /// The control topic.
    public let topic: String
    private let consumer: KafkaControlConsumer
    private let producer: KafkaProducerClient
    /// The consumer's calls block, so they run here, one at a time, never on the concurrency pool.
    private let thread: NIOThreadPool
    /// How long reading up to the topic's end may go without a record before it fails.
    static let stallLimit: Duration = .seconds(30)

    private init(topic: String, consumer: KafkaControlConsumer, producer: KafkaProducerClient, thread: NIOThreadPool) {
        self.topic = topic
        self.consumer = consumer
        self.producer = producer
        self.thread = thread
    }

    /// Connects to `topic`, creating it (one partition, compacted) when it is missing and `createTopic` is
    /// set; throws `KafkaControlError` when it is missing and cannot be created, or has several partitions.
    /// Call `close()` when done.
    public static func open(
        kafka: KafkaClientConfiguration,
        topic: String = "augur.control",
        clientID: String,
        createTopic: Bool = true,
        logger: Logger
    ) async throws -> KafkaControlChannel {
        let consumer = try KafkaControlConsumer(
            topic: topic,
            settings: KafkaControlConsumer.settings(configuration: kafka, clientID: clientID),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        // A report that cannot be delivered within 5 s fails and is sent again by the listener's next round;
        // librdkafka's default (5 min) would hold the listener, and a shutdown, that long when the broker is down.
        var producerKafka = kafka
        producerKafka.options = [KafkaOption(key: "message.timeout.ms", value: "5000")] + kafka.options
        let producer = try KafkaProducerClient(
            settings: KafkaProducerClient.settings(configuration: producerKafka, clientID: clientID),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let channel = KafkaControlChannel(topic: topic, consumer: consumer, producer: producer, thread: thread)
        do {
            try await thread.runIfActive { try channel.checkTopic(create: createTopic, logger: logger) }
        } catch {
            await channel.close()
            throw error
        }
        return channel
    }

    /// The topic's name.
    public var name: String { topic }

    /// Reads from `position` up to the offset the topic ended at when the call began.
    public func entries(after position: ControlPosition) async throws -> (entries: [ControlChannelEntry], last: ControlPosition) {
        let start = try KafkaControlContract.nextOffset(after: position, topic: topic)
        let consumer = self.consumer
        let topic = self.topic
        return try await thread.runIfActive {
            let (low, high) = try consumer.watermarks(timeoutMilliseconds: 10_000)
            guard max(start, low) < high else { return ([], position) }
            try consumer.place(at: max(start, low))
            var entries: [ControlChannelEntry] = []
            var last = position
            var lastOffset = max(start, low) - 1
            var lastError: KafkaError?
            var progress = ContinuousClock.now
            while lastOffset < high - 1 {
                let (record, error) = consumer.poll(timeoutMilliseconds: 200)
                if let record {
                    entries.append(KafkaControlContract.entry(from: record))
                    last = .offset(record.offset)
                    lastOffset = record.offset
                    progress = .now
                } else if let error {
                    lastError = error
                }
                if ContinuousClock.now - progress > Self.stallLimit {
                    throw KafkaControlError.readStalled(topic: topic, offset: lastOffset + 1, end: high, lastError: lastError?.description)
                }
            }
            return (entries, last)
        }
    }

    /// Waits up to `timeout` (at most 1 s per call, so a cancelled caller returns soon) for the next entry,
    /// then takes what else is already fetched, up to `limit`. A read error ends the wait early with what
    /// came, and is thrown when nothing came (librdkafka reconnects by itself; the caller retries).
    public func nextEntries(after position: ControlPosition, limit: Int, timeout: Duration) async throws -> [ControlChannelEntry] {
        let start = try KafkaControlContract.nextOffset(after: position, topic: topic)
        let consumer = self.consumer
        let wait = min(max(timeout, .milliseconds(1)), .seconds(1)).wholeMilliseconds
        return try await thread.runIfActive {
            try consumer.place(at: start)
            var entries: [ControlChannelEntry] = []
            var timeout = wait
            while entries.count < max(limit, 1) {
                let (record, error) = consumer.poll(timeoutMilliseconds: timeout)
                guard let record else {
                    if let error, entries.isEmpty { throw error }
                    break
                }
                entries.append(KafkaControlContract.entry(from: record))
                timeout = 0
            }
            return entries
        }
    }

    /// Produces the entry and waits for its delivery; Kafka's producer does not tell the offset here, so the
    /// position is nil.
    public func append(_ fields: [(name: String, value: String)]) async throws -> ControlPosition? {
        let outcome = await producer.send([KafkaControlContract.message(for: fields, topic: topic)])
        if let error = outcome.first ?? nil { throw error }
        return nil
    }

    /// Delivers what is queued (up to 2 s), then stops the producer, the reader and its thread.
    public func close() async {
        await producer.shutdown(timeoutMilliseconds: 2000)
        producer.destroy()
        let consumer = self.consumer
        // A future, not the async `runIfActive`, which skips its work once the calling task is cancelled; and an
        // explicit destroy, since librdkafka must not be torn down by whichever thread releases it last.
        _ = try? await thread.runIfActive(eventLoop: MultiThreadedEventLoopGroup.singleton.any()) {
            consumer.close()
            consumer.handle.destroy()
        }.get()
        try? await thread.shutdownGracefully()
    }

    /// Checks the topic has one partition, creating it if missing and allowed. Blocks.
    private func checkTopic(create: Bool, logger: Logger) throws {
        var count = try consumer.handle.partitionCount(of: topic, timeoutMilliseconds: 10_000)
        if count == nil {
            guard create else { throw KafkaControlError.topicMissing(topic: topic, reason: "creating it was not asked for") }
            do {
                try consumer.handle.createTopic(
                    topic,
                    partitions: 1,
                    configs: [("cleanup.policy", "compact")],
                    timeoutMilliseconds: 10_000
                )
                logger.notice("created the control topic", metadata: ["topic": "\(topic)", "partitions": "1"])
            } catch {
                throw KafkaControlError.topicMissing(topic: topic, reason: "\(error)")
            }
            count = try consumer.handle.partitionCount(of: topic, timeoutMilliseconds: 10_000)
        }
        guard let count else { throw KafkaControlError.topicMissing(topic: topic, reason: "the broker does not list it after creating it") }
        guard count == 1 else { throw KafkaControlError.partitionCount(topic: topic, count: count) }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down, as librdkafka's timeouts take them.
    fileprivate var wholeMilliseconds: Int32 {
        Int32(clamping: components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
