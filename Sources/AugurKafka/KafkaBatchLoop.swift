import AugurProcessor
import AugurTelemetry
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The processing loop of `KafkaProcessorService`: polls batches on the consumer's dedicated thread, runs
/// them on worker threads, delivers the results and commits what is done. Up to `inFlightBatches` batches
/// are in flight; when all slots are busy it stops polling (backpressure).
final class KafkaBatchLoop: Sendable {
    private let consumer: KafkaConsumerClient
    private let producer: KafkaProducerClient
    private let tracker: NIOLockedValueBox<OffsetTracker>
    private let kafka: KafkaClientConfiguration
    private let planner: BatchPlanner
    private let telemetry: ProcessorTelemetry
    private let logger: Logger
    /// The consumer's own thread: librdkafka's polls block, so they never run on the concurrency pool.
    private let pollThread = NIOThreadPool(numberOfThreads: 1)
    /// Threads that plan and run batches (JSON decoding, model calls, output encoding).
    private let workers: NIOThreadPool
    private let eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()

    init(
        consumer: KafkaConsumerClient,
        producer: KafkaProducerClient,
        tracker: NIOLockedValueBox<OffsetTracker>,
        kafka: KafkaClientConfiguration,
        planner: BatchPlanner,
        telemetry: ProcessorTelemetry,
        logger: Logger
    ) {
        self.consumer = consumer
        self.producer = producer
        self.tracker = tracker
        self.kafka = kafka
        self.planner = planner
        self.telemetry = telemetry
        self.logger = logger
        workers = NIOThreadPool(numberOfThreads: max(planner.configuration.workerThreads, 1))
        pollThread.start()
        workers.start()
    }

    private var configuration: ProcessorConfiguration { planner.configuration }

    /// Polls and processes until cancelled; batches already read are finished before it returns. Returns the
    /// fatal error that stopped it, if any.
    func run() async -> KafkaError? {
        let consumer = self.consumer
        let maxRecords = configuration.maxBatch
        let timeout = Int32(kafka.pollTimeout.components.seconds * 1000 + kafka.pollTimeout.components.attoseconds / 1_000_000_000_000_000)
        let linger = Int32((configuration.maxWaitMicroseconds + 999) / 1000)
        return await withTaskGroup(of: Void.self) { batches in
            var inFlight = 0
            while !Task.isCancelled {
                if let fatal = consumer.fatalError ?? producer.fatalError {
                    return KafkaError.fatal(fatal)
                }
                if inFlight >= configuration.inFlightBatches {
                    await batches.next()
                    inFlight -= 1
                }
                let polled: (records: [KafkaRecord], errors: [KafkaError])
                do {
                    polled = try await pollThread.runIfActive(eventLoop: eventLoop) {
                        consumer.poll(maxRecords: maxRecords, timeoutMilliseconds: max(timeout, 1), lingerMilliseconds: linger)
                    }.get()
                } catch {
                    break
                }
                for error in polled.errors { logThrottled(error) }
                let starts = consumer.callbacks.takeAssignedStarts()
                guard !polled.records.isEmpty || !starts.isEmpty else { continue }
                let reading = tracker.withLockedValue { tracker in
                    for start in starts { tracker.start(start) }
                    return tracker.read(polled.records)
                }
                refetch(reading)
                let records = reading.records
                guard !records.isEmpty else { continue }
                let readMicros = UnixClock.microseconds()
                batches.addTask { await self.handle(records, readMicros: readMicros) }
                inFlight += 1
            }
            return nil
        }
    }

    /// Fetches again the partitions whose records the broker skipped, and reports the gaps given up on.
    private func refetch(_ reading: OffsetTracker.Reading) {
        for (from, count) in reading.skipped {
            logger.error(
                "the broker skipped requests that could not be read even after fetching again; they stay unanswered",
                metadata: ["partition": "\(from.topic)[\(from.partition)]", "from_offset": "\(from.offset)", "count": "\(count)"]
            )
        }
        guard !reading.refetch.isEmpty else { return }
        if consumer.callbacks.due("refetch") {
            logger.notice(
                "the broker returned later records before earlier ones; fetching again from the gap (repeats logged every 10 s)",
                metadata: ["partitions": "\(reading.refetch.map { "\($0.topic)[\($0.partition)]@\($0.offset)" }.joined(separator: ","))"]
            )
        }
        if let error = consumer.seek(reading.refetch) { logThrottled(error) }
    }

    /// After `run()`: commits the final positions synchronously, delivers what is queued, leaves the group
    /// and stops the threads.
    func finish() async {
        let consumer = self.consumer
        let producer = self.producer
        let points = tracker.withLockedValue { $0.commitPoints }
        let closing = try? await pollThread.runIfActive(eventLoop: eventLoop) { () -> [KafkaError] in
            var errors: [KafkaError] = []
            if let error = consumer.commit(points, synchronously: true) { errors.append(error) }
            if let error = consumer.close() { errors.append(error) }
            return errors
        }.get()
        for error in closing ?? [] { logger.warning("leaving the group", metadata: ["error": "\(error)"]) }
        await producer.shutdown(timeoutMilliseconds: 5000)
        // Destroyed here, not by whichever thread releases them last: the process must not exit meanwhile.
        _ = try? await pollThread.runIfActive(eventLoop: eventLoop) {
            consumer.destroy()
            producer.destroy()
        }.get()
        try? await pollThread.shutdownGracefully()
        try? await workers.shutdownGracefully()
    }

    /// Runs a batch, delivers its results (retrying, then dead-lettering) and commits what is done.
    private func handle(_ records: [KafkaRecord], readMicros: UInt64) async {
        let now = UnixClock.milliseconds()
        let messages = records.map { KafkaMessageContract.streamMessage(for: $0, nowMilliseconds: now) }
        let planner = self.planner
        let results: [PredictionResult]
        do {
            results = try await workers.runIfActive(eventLoop: eventLoop) { planner.process(messages) }.get()
        } catch {
            logger.warning("a batch could not be run; its offsets stay uncommitted", metadata: ["requests": "\(records.count)"])
            return
        }
        guard results.count == records.count else {
            logger.error(
                "the planner returned \(results.count) results for \(records.count) requests; the batch stays uncommitted"
            )
            return
        }
        let done = await deliver(records: records, results: results)
        let commits = tracker.withLockedValue { $0.done(done) }
        if let error = consumer.commit(commits, synchronously: false) {
            logger.warning("committing offsets failed; they are committed with the next batch", metadata: ["error": "\(error)"])
        }
        telemetry.observe(DeliveredBatch(results: results, readMicros: readMicros, writtenMicros: UnixClock.microseconds()))
    }

    /// Produces each result; failed ones are retried `retryBackoff` apart and dead-lettered after
    /// `maxDeliveries` attempts. Returns the records that are done (answered or dead-lettered); on shutdown
    /// the rest are abandoned uncommitted, to be read again.
    private func deliver(records: [KafkaRecord], results: [PredictionResult]) async -> [KafkaRecord] {
        var pending = Array(records.indices)
        var done: [KafkaRecord] = []
        var attempt = 0
        while !pending.isEmpty {
            attempt += 1
            let nowMicros = UnixClock.microseconds()
            let outcomes = await producer.send(
                pending.map { KafkaMessageContract.resultMessage(for: results[$0], nowMicroseconds: nowMicros) }
            )
            var failed: [(index: Int, error: KafkaError)] = []
            for (index, outcome) in zip(pending, outcomes) {
                if let outcome { failed.append((index, outcome)) } else { done.append(records[index]) }
            }
            guard let first = failed.first else { break }
            logger.error(
                "could not deliver results",
                metadata: [
                    "results": "\(failed.count)", "attempt": "\(attempt)", "reply_to": "\(results[first.index].replyTo)",
                    "error": "\(first.error)",
                ]
            )
            if attempt >= configuration.maxDeliveries {
                done += await deadLetter(failed.map { (records[$0.index], results[$0.index], $0.error) })
                break
            }
            do {
                try await Task.sleep(for: kafka.retryBackoff)
            } catch {
                logger.warning("shutting down: undelivered results are abandoned uncommitted", metadata: ["results": "\(failed.count)"])
                break
            }
            pending = failed.map(\.index)
        }
        return done
    }

    /// Copies requests whose results could not be delivered to the dead-letter topic (retrying until they
    /// are there or the daemon stops); returns those that made it.
    private func deadLetter(_ failures: [(record: KafkaRecord, result: PredictionResult, error: KafkaError)]) async -> [KafkaRecord] {
        let topic = configuration.deadLetterStream
        let letters = failures.map { failure in
            KafkaMessageContract.deadLetter(
                for: failure.record,
                topic: topic,
                error: RequestError(
                    .maxDeliveries,
                    "the result could not be delivered to \(failure.result.replyTo) in \(configuration.maxDeliveries) attempts: \(failure.error)"
                )
            )
        }
        var pending = Array(letters.indices)
        var done: [KafkaRecord] = []
        while !pending.isEmpty {
            let outcomes = await producer.send(pending.map { letters[$0] })
            var failed: [Int] = []
            for (index, outcome) in zip(pending, outcomes) {
                if let outcome {
                    failed.append(index)
                    logThrottled(outcome)
                } else {
                    done.append(failures[index].record)
                }
            }
            logger.warning("requests dead-lettered", metadata: ["topic": "\(topic)", "requests": "\(pending.count - failed.count)"])
            pending = failed
            if pending.isEmpty { break }
            do { try await Task.sleep(for: kafka.retryBackoff) } catch { break }
        }
        return done
    }

    /// Logs a broker error at most every 10 s per error kind, so a broker that stays down does not flood the log.
    private func logThrottled(_ error: KafkaError) {
        let key: String
        if case .broker(let operation, _, let name, _) = error { key = operation + name } else { key = "\(error)" }
        if consumer.callbacks.due(key) { logger.warning("Kafka consumer error (retrying)", metadata: ["error": "\(error)"]) }
    }
}
