import AugurClient
import CRdKafka
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends prediction requests to Augur daemons over Kafka and awaits their results: the Kafka counterpart
/// of `AugurClient`, with the same calls, replies, errors and pipelining.
///
/// Requests are produced to the request topic with an idempotent producer (key = correlation id, headers
/// per `KafkaPredictionMessages`); results are read from a reply topic of this client's own (or a named
/// one), outside any consumer group, on a thread of the client's own, and handed to each caller by
/// correlation id. Results delivered twice (the daemons deliver at least once) are counted in
/// `duplicateCount` and dropped.
///
/// Call `start()` once (it creates the reply topic and positions the reader, and fails at once when the
/// brokers cannot be used), then `run()` in a task for as long as the client is used; cancelling that task
/// fails the requests still waiting with `.notRunning` and deletes the client's own reply topic.
public final class KafkaPredictionClient: Sendable {
    /// The settings this client was created with.
    public let configuration: Configuration
    /// The topic results come back on (`configuration.replyTopic`, or the client's own).
    public let replyTopic: String
    private let ownsReplyTopic: Bool
    private let logger: Logger
    private let producer: KafkaProducerClient
    private let reader: KafkaConsumerClient
    private let pending: PendingPredictions
    private let ids = CorrelationIDs()
    private let messages: KafkaPredictionMessages
    /// The reader's own thread: librdkafka's polls block, so they never run on the concurrency pool.
    private let readerThread = NIOThreadPool(numberOfThreads: 1)
    private let phase = NIOLockedValueBox(Phase.created)
    /// Sends between their check of `phase` and the end of their produce; the clients are destroyed only at 0.
    private let activeSends = NIOLockedValueBox(0)
    /// Where the reader starts on each reply partition, for noticing records a broker's fetch steps over.
    private let readerStarts = NIOLockedValueBox<[KafkaPartitionOffset]>([])

    private enum Phase {
        case created, started, running, stopped
    }

    /// Creates the librdkafka clients; throws when librdkafka refuses a setting. Nothing is sent until
    /// `start()`.
    public init(
        configuration: Configuration,
        logger: Logger = Logger(label: "augur.kafka-client", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        replyTopic = configuration.replyTopic ?? "augur.replies." + CorrelationIDs.randomToken()
        ownsReplyTopic = configuration.replyTopic == nil
        let name = "augur-client-" + CorrelationIDs.randomToken()
        producer = try KafkaProducerClient(
            settings: KafkaProducerClient.settings(configuration: configuration.kafka, clientID: name),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        reader = try KafkaConsumerClient(
            settings: KafkaConsumerClient.readerSettings(configuration: configuration.kafka, clientID: name),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        pending = PendingPredictions(maxInFlight: configuration.maxInFlight, timeout: configuration.timeout)
        messages = KafkaPredictionMessages(requestTopic: configuration.requestTopic, replyTopic: replyTopic)
    }

    /// Creates the client's own reply topic (or checks the named one) and positions the reader: at the start
    /// of its own topic, at the end of a named one. Throws when the brokers cannot be reached in
    /// `adminTimeout` or refuse the topic.
    public func start() async throws(KafkaError) {
        let handle = producer.handle
        let topic = replyTopic
        let owns = ownsReplyTopic
        let partitionCount = configuration.replyPartitions
        let timeout = Self.milliseconds(configuration.adminTimeout)
        let positions: [KafkaPartitionOffset]
        guard phase.withLockedValue({ $0 == .created }) else { throw .clientCreation("start() was called twice") }
        readerThread.start()
        do {
            positions = try await readerThread.runIfActive { () throws(KafkaError) -> [KafkaPartitionOffset] in
                if owns { try handle.createTopic(topic, partitions: partitionCount, configs: [], timeoutMilliseconds: timeout) }
                let partitions = try Self.partitions(of: topic, on: handle, timeoutMilliseconds: timeout, waitingForCreation: owns)
                if owns {
                    // Nothing was produced to a new topic before the reader starts at its beginning.
                    return partitions.map { KafkaPartitionOffset(topic: topic, partition: $0, offset: Int64(RD_KAFKA_OFFSET_BEGINNING)) }
                }
                return try KafkaPredictionTopics.endOffsets(of: topic, partitions: partitions, on: handle, timeoutMilliseconds: timeout)
            }
        } catch {
            try? await readerThread.shutdownGracefully()
            throw error as? KafkaError ?? .clientCreation("the client's thread stopped: \(error)")
        }
        try reader.assign(positions)
        readerStarts.withLockedValue { starts in
            starts = positions.map { KafkaPartitionOffset(topic: $0.topic, partition: $0.partition, offset: max($0.offset, 0)) }
        }
        phase.withLockedValue { if $0 == .created { $0 = .started } }
    }

    /// Reads results until the calling task is cancelled; then fails what is still waiting, delivers what
    /// is queued and deletes the client's own reply topic. Call it once, after `start()`.
    public func run() async {
        let first = phase.withLockedValue { phase -> Bool in
            guard phase == .started else { return false }
            phase = .running
            return true
        }
        guard first else {
            logger.error("KafkaPredictionClient.run() needs one start() first and runs once; create one client per run")
            return
        }
        let stop = NIOLockedValueBox(false)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.sweepTimeouts() }
            group.addTask {
                await withTaskCancellationHandler {
                    _ = try? await self.readerThread.runIfActive { self.readReplies(until: stop) }
                } onCancel: {
                    stop.withLockedValue { $0 = true }
                }
            }
            await group.waitForAll()
        }
        phase.withLockedValue { $0 = .stopped }
        pending.stop()
        // Not `Task.sleep`, which returns at once in this cancelled task.
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        while activeSends.withLockedValue({ $0 }) > 0 {
            try? await eventLoop.scheduleTask(in: .milliseconds(2)) {}.futureResult.get()
        }
        await producer.shutdown(timeoutMilliseconds: 1000)
        await close()
    }

    /// Asks for a prediction of `model` (`version`, or the active one) on `inputs` JSON and returns its result;
    /// see `AugurClient.predict(model:version:inputs:deadlineMilliseconds:)`.
    public func predict(
        model: String,
        version: Int? = nil,
        inputs: String,
        deadlineMilliseconds: UInt64? = nil
    ) async throws(AugurClientError) -> PredictionReply {
        try await predict(PredictionCall(model: model, version: version, inputs: inputs, deadlineMilliseconds: deadlineMilliseconds))
    }

    /// Asks for one prediction described by `call`; waits for room while `maxInFlight` requests are in flight.
    public func predict(_ call: PredictionCall) async throws(AugurClientError) -> PredictionReply {
        if let error = await pending.reserveRoom() { throw error }
        guard let sequence = pending.register() else { throw .notRunning }
        guard beginSend() else {
            pending.abandon(sequence)
            throw .notRunning
        }
        let outcome = await producer.send([messages.request(id: ids.id(sequence), call: call)]).first ?? nil
        endSend()
        if let error = outcome {
            pending.abandon(sequence)
            throw .broker("\(error)")
        }
        return try await pending.wait(for: sequence).get()
    }

    /// Produces `calls` together; `handler` then receives each one's result (or failure) exactly once, by its
    /// index in `calls`. Throws, without calling `handler`, only when nothing was sent: the client is not
    /// started or has stopped, or the batch would take the number in flight past `maxInFlight`. Requests
    /// the brokers refused reach `handler` as `.broker` failures.
    public func send(_ calls: [PredictionCall], onReply handler: @escaping PredictionReplyHandler) async throws(AugurClientError) {
        guard !calls.isEmpty else { return }
        guard beginSend() else { throw .notRunning }
        defer { endSend() }
        let first = try pending.register(count: calls.count, handler: handler)
        var records: [KafkaOutgoingMessage] = []
        records.reserveCapacity(calls.count)
        for (index, call) in calls.enumerated() {
            records.append(messages.request(id: ids.id(first + UInt64(index)), call: call))
        }
        let outcomes = await producer.send(records)
        for (index, outcome) in outcomes.enumerated() {
            guard let outcome else { continue }
            pending.resolve(first + UInt64(index), with: .failure(.broker("\(outcome)")), countingDuplicates: false)
        }
    }

    /// How many requests are awaiting their results.
    public var inFlightCount: Int { pending.inFlight }

    /// Results that arrived for a request already answered, timed out or cancelled: the daemons' at-least-once
    /// redeliveries and late results. They are dropped.
    public var duplicateCount: Int { pending.duplicateCount }

    /// Results on the reply topic whose correlation id this client never issued (dropped).
    public var unknownResultCount: Int { pending.unknownCount }

    /// Counts a send in, unless the client is not started or has stopped (its librdkafka clients may be gone).
    private func beginSend() -> Bool {
        phase.withLockedValue { phase in
            guard phase == .started || phase == .running else { return false }
            activeSends.withLockedValue { $0 += 1 }
            return true
        }
    }

    private func endSend() {
        activeSends.withLockedValue { $0 -= 1 }
    }

    /// The reader thread's loop: polls the reply topic and hands results to their waiters until `stop`.
    /// Results a broker's fetch stepped over are fetched again (see `OffsetTracker`; nothing is committed).
    private func readReplies(until stop: NIOLockedValueBox<Bool>) {
        let callbacks = reader.callbacks
        var tracker = OffsetTracker()
        for start in readerStarts.withLockedValue({ $0 }) { tracker.start(start) }
        while !stop.withLockedValue({ $0 }) {
            let polled = reader.poll(maxRecords: 4096, timeoutMilliseconds: 100, lingerMilliseconds: 0)
            for error in polled.errors where callbacks.due("\(error)") {
                logger.warning("reading results failed; retrying", metadata: ["topic": "\(replyTopic)", "error": "\(error)"])
            }
            guard !polled.records.isEmpty else { continue }
            let reading = tracker.read(polled.records)
            _ = tracker.done(reading.records)
            for (from, count) in reading.skipped {
                logger.warning(
                    "the broker skipped results that could not be read even after fetching again",
                    metadata: ["partition": "\(from.topic)[\(from.partition)]", "from_offset": "\(from.offset)", "count": "\(count)"]
                )
            }
            if let error = reader.seek(reading.refetch), callbacks.due("\(error)") {
                logger.warning("fetching results again failed", metadata: ["error": "\(error)"])
            }
            guard !reading.records.isEmpty else { continue }
            pending.deliver(
                reading.records.map { record in
                    (KafkaPredictionMessages.correlationID(of: record).flatMap(ids.sequence(of:)), KafkaPredictionMessages.reply(from: record))
                }
            )
        }
    }

    /// Fails requests past their timeout, a few times per timeout, until cancelled.
    private func sweepTimeouts() async {
        let interval = min(max(configuration.timeout / 20, .milliseconds(1)), .milliseconds(100))
        while (try? await Task.sleep(for: interval)) != nil {
            pending.sweepTimeouts()
        }
    }

    /// Stops the reader, destroys the librdkafka clients and deletes the client's own reply topic.
    private func close() async {
        let reader = self.reader
        let producer = self.producer
        let topic = replyTopic
        let owns = ownsReplyTopic
        let settings = [
            KafkaOption(key: "bootstrap.servers", value: configuration.kafka.bootstrapServers.joined(separator: ",")),
            KafkaOption(key: "client.id", value: "augur-client-admin"),
        ] + configuration.kafka.options
        let logger = self.logger
        let timeout = Self.milliseconds(configuration.adminTimeout)
        // A future, not the async `runIfActive`: that one skips its work once the calling task is cancelled,
        // which is how `run()` is stopped.
        let failure = try? await readerThread.runIfActive(eventLoop: MultiThreadedEventLoopGroup.singleton.any()) { () -> KafkaError? in
            _ = reader.close()
            // Destroyed here, not by whichever thread releases the client last: the process must not exit meanwhile.
            reader.destroy()
            producer.destroy()
            guard owns else { return nil }
            // The topic is deleted through a client that never read it: librdkafka 2.16 crashed (in its metadata
            // cache) when a client that knew the topic saw it deleted by Tansu.
            do throws(KafkaError) {
                let admin = try RdKafkaHandle(type: RD_KAFKA_PRODUCER, settings: settings, callbacks: KafkaClientCallbacks(logger: logger))
                defer { admin.destroy() }
                try KafkaPredictionTopics.delete(topic, on: admin, timeoutMilliseconds: timeout)
                return nil
            } catch {
                return error
            }
        }.get()
        if let failure = failure ?? nil {
            logger.warning("could not delete the reply topic; delete it by hand", metadata: ["topic": "\(topic)", "error": "\(failure)"])
        }
        try? await readerThread.shutdownGracefully()
    }

    /// The partitions of `topic`; a topic just created may take a moment to show in the metadata.
    private static func partitions(of topic: String, on handle: RdKafkaHandle, timeoutMilliseconds: Int32, waitingForCreation: Bool)
        throws(KafkaError) -> [Int32]
    {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        while true {
            if let count = try handle.partitionCount(of: topic, timeoutMilliseconds: timeoutMilliseconds), count > 0 {
                return (0..<Int32(count)).map { $0 }
            }
            guard waitingForCreation, ContinuousClock.now < deadline else {
                throw KafkaError(operation: "reading the metadata of \(topic)", code: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
            }
            usleep(100_000)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}

extension KafkaPredictionClient: LoadTarget {
    /// `configuration.maxInFlight`.
    public var maxInFlight: Int { configuration.maxInFlight }
}
