import AugurRESP
import AugurRedisClient
import Logging
import NIOCore

/// What the processor wrote for one batch: the results that reached their streams (failures included) and
/// when the batch was read and its results written, for metrics and the inference log.
public struct DeliveredBatch: Sendable {
    /// The results written, in batch order; their requests are acknowledged.
    public var results: [PredictionResult]
    /// When the batch's read returned (Unix µs).
    public var readMicros: UInt64
    /// When its results were written (Unix µs).
    public var writtenMicros: UInt64

    /// Creates a delivered batch (transports other than the stream loop report theirs this way too).
    public init(results: [PredictionResult], readMicros: UInt64, writtenMicros: UInt64) {
        self.results = results
        self.readMicros = readMicros
        self.writtenMicros = writtenMicros
    }
}

/// The processing loop over the request stream: read a batch for this consumer, plan and run it, add each
/// result to its `reply_to` stream and only then acknowledge the request, so a crash between the two
/// redelivers the request instead of losing it (at-least-once; `id` lets callers drop duplicates).
///
/// `run()` keeps up to `inFlightBatches` batches going at once: while worker threads run some, the next is
/// being read and earlier ones written. When all slots are busy it stops reading (backpressure), so it
/// never holds more than `inFlightBatches × maxBatch` requests it cannot work on yet.
///
/// Entries another consumer left pending longer than `claimIdleMilliseconds` are claimed and rerun;
/// an entry delivered more than `maxDeliveries` times goes to the dead-letter stream with a
/// `max_deliveries` result instead. Reads use `reader`, writes `writer`: a blocking read holds its
/// connection, so the two should be separate connections.
public final class StreamProcessor: Sendable {
    /// Stream names, group, consumer and limits.
    public let configuration: ProcessorConfiguration
    /// Plans and runs each batch.
    public let planner: BatchPlanner
    /// How long an idle read blocks before checking for stale entries and stop requests. Default: 1 s.
    public let idleBlock: Duration
    private let reader: any RedisCommandSending
    private let writer: any RedisBatchSending
    private let logger: Logger
    private let onDelivered: @Sendable (DeliveredBatch) -> Void
    /// Batches this small run on the task that read them instead of a worker thread.
    static let inlineBatchSize = 8

    /// Creates a processor; nothing is read until `run()` or `processNextBatch`. `onDelivered` sees every
    /// batch whose results were written (it runs on the writing task: keep it short and non-blocking).
    public init(
        reader: any RedisCommandSending,
        writer: any RedisBatchSending,
        planner: BatchPlanner,
        idleBlock: Duration = .seconds(1),
        logger: Logger = Logger(label: "augur.processor"),
        onDelivered: @escaping @Sendable (DeliveredBatch) -> Void = { _ in }
    ) {
        self.reader = reader
        self.writer = writer
        self.planner = planner
        self.configuration = planner.configuration
        self.idleBlock = idleBlock
        self.logger = logger
        self.onDelivered = onDelivered
    }

    /// Creates the consumer group (and the stream) if missing, starting from the stream's beginning.
    public func prepare() async throws {
        try await writer.xgroupCreate(
            configuration.requestStream,
            group: configuration.group,
            id: "0",
            mkstream: true,
            ignoreExisting: true
        )
    }

    /// Runs until the task is cancelled; batches already read are finished (written and acknowledged)
    /// before it returns. A failed read is logged and retried after `idleBlock`, re-creating the group
    /// first (the stream may have been deleted); entries read but not acknowledged are claimed again later.
    public func run() async throws {
        try await prepare()
        let workers = ModelWorkers(threads: configuration.workerThreads)
        defer { workers.shutdown() }
        var lastClaim = ContinuousClock.now
        let claimInterval = Duration.milliseconds(max(configuration.claimIdleMilliseconds / 2, 1))
        await withTaskGroup(of: Void.self) { batches in
            var inFlight = 0
            while !Task.isCancelled {
                if inFlight >= configuration.inFlightBatches {
                    await batches.next()
                    inFlight -= 1
                }
                do {
                    if ContinuousClock.now - lastClaim >= claimInterval {
                        _ = try await claimStale(workers: workers)
                        lastClaim = .now
                    }
                    let messages = try await readBatch(block: idleBlock)
                    guard !messages.isEmpty else { continue }
                    let readMicros = UnixClock.microseconds()
                    batches.addTask { await self.handle(messages, readMicros: readMicros, workers: workers) }
                    inFlight += 1
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("reading requests failed; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: idleBlock)
                    try? await prepare()
                }
            }
            // Leaving the group waits for the batches in flight: they are written and acknowledged.
        }
    }

    /// Reads one batch and runs it on the calling task; returns how many entries were handled.
    public func processNextBatch(block: Duration) async throws -> Int {
        let messages = try await readBatch(block: block)
        guard !messages.isEmpty else { return 0 }
        let readMicros = UnixClock.microseconds()
        try await deliver(planner.process(messages), readMicros: readMicros)
        return messages.count
    }

    /// Reads up to `maxBatch` new entries, blocking up to `block` for the first; a read that got only a few
    /// (under an eighth of `maxBatch`) then waits `maxWaitMicroseconds` for more, so a trickle costs one
    /// model call instead of several. A read that got more is behind the stream already: the requests
    /// piled up while the last batch was read, and waiting would only slow the next read down.
    func readBatch(block: Duration) async throws -> [StreamMessage] {
        let streams = try await reader.xreadgroup(
            group: configuration.group,
            consumer: configuration.consumerName,
            count: configuration.maxBatch,
            block: block,
            streams: [(configuration.requestStream, ">")]
        )
        var messages = streams.flatMap(\.messages)
        guard !messages.isEmpty, messages.count < max(1, configuration.maxBatch / 8), configuration.maxWaitMicroseconds > 0 else {
            return messages
        }
        // A cancelled sleep just ends the wait: what was read is still run and acknowledged.
        try? await Task.sleep(for: .microseconds(configuration.maxWaitMicroseconds))
        let more = try await reader.xreadgroup(
            group: configuration.group,
            consumer: configuration.consumerName,
            count: configuration.maxBatch - messages.count,
            streams: [(configuration.requestStream, ">")]
        )
        messages += more.flatMap(\.messages)
        return messages
    }

    /// Runs a batch on the worker threads and writes its results. Failures leave the entries pending, to
    /// be claimed and retried (and dead-lettered if they never succeed).
    private func handle(_ messages: [StreamMessage], readMicros: UInt64, workers: ModelWorkers) async {
        do {
            let planner = self.planner
            // A few requests cost less to run here than the two thread hops to a worker and back, which at
            // low rates are most of a request's CPU time.
            let results =
                messages.count <= Self.inlineBatchSize
                ? planner.process(messages) : try await workers.run { planner.process(messages) }
            try await deliver(results, readMicros: readMicros)
        } catch {
            logger.warning(
                "a batch could not be answered; its requests stay pending and will be claimed again",
                metadata: ["requests": "\(messages.count)", "error": "\(error)"])
        }
    }

    /// Claims entries idle longer than `claimIdleMilliseconds`, dead-letters those delivered more than
    /// `maxDeliveries` times and runs the rest; returns how many entries were handled.
    public func claimStale() async throws -> Int {
        try await claimStale(workers: nil)
    }

    private func claimStale(workers: ModelWorkers?) async throws -> Int {
        var handled = 0
        var start = StreamID.zero
        repeat {
            let claim = try await writer.xautoclaim(
                configuration.requestStream,
                group: configuration.group,
                consumer: configuration.consumerName,
                minIdle: .milliseconds(configuration.claimIdleMilliseconds),
                start: start,
                count: configuration.maxBatch
            )
            start = claim.next
            let live = claim.messages.filter { !$0.isDeleted }
            guard !live.isEmpty else { continue }
            let counts = try await writer.sendBatch(
                live.map { StreamCommands.xpendingEntry(configuration.requestStream, group: configuration.group, id: $0.id) }
            )
            var runnable: [StreamMessage] = []
            var dead: [StreamMessage] = []
            for (message, reply) in zip(live, counts) {
                if let deliveries = StreamCommands.deliveryCount(reply), deliveries > configuration.maxDeliveries {
                    dead.append(message)
                } else {
                    runnable.append(message)
                }
            }
            try await deadLetter(dead)
            if !runnable.isEmpty {
                let readMicros = UnixClock.microseconds()
                let planner = self.planner
                let batch = runnable
                let results = try await workers?.run { planner.process(batch) } ?? planner.process(batch)
                try await deliver(results, readMicros: readMicros)
            }
            handled += live.count
        } while start != .zero
        return handled
    }

    /// Adds each result to its stream, then acknowledges the requests whose results were written.
    private func deliver(_ results: [PredictionResult], readMicros: UInt64) async throws {
        let now = UnixClock.microseconds()
        let replies = try await writer.sendBatch(
            results.map { StreamCommands.xadd($0.replyTo, fields: $0.streamFields(nowMicroseconds: now)) }
        )
        var written: [PredictionResult] = []
        written.reserveCapacity(results.count)
        for (result, reply) in zip(results, replies) {
            if case .error(let message) = reply {
                // Left pending: it is claimed and retried later, and dead-lettered if it never succeeds.
                logger.error("could not write a result", metadata: ["reply_to": "\(result.replyTo)", "error": "\(message)"])
            } else {
                written.append(result)
            }
        }
        try await acknowledge(written.map(\.entryID))
        onDelivered(DeliveredBatch(results: written, readMicros: readMicros, writtenMicros: now))
    }

    /// Copies entries to the dead-letter stream with a `max_deliveries` error, answers them, and acknowledges.
    private func deadLetter(_ messages: [StreamMessage]) async throws {
        guard !messages.isEmpty else { return }
        let now = UnixClock.microseconds()
        var commands: [RESPCommand] = []
        var answers: [PredictionResult] = []
        for message in messages {
            let error = RequestError(
                .maxDeliveries,
                "the request was delivered more than \(configuration.maxDeliveries) times without a result; it is in \(configuration.deadLetterStream)"
            )
            let result = Self.answer(for: message, error: error, defaultReplyTo: configuration.resultStream)
            let deadFields = message.fields + [(ByteBuffer(string: "error"), ByteBuffer(bytes: PredictionResult.errorJSON(error)))]
            commands.append(StreamCommands.xadd(configuration.deadLetterStream, fields: deadFields))
            commands.append(StreamCommands.xadd(result.replyTo, fields: result.streamFields(nowMicroseconds: now)))
            answers.append(result)
        }
        let replies = try await writer.sendBatch(commands)
        if let failure = replies.first(where: { if case .error = $0 { return true } else { return false } }) {
            logger.error("could not dead-letter requests; they stay pending", metadata: ["error": "\(failure)"])
            return
        }
        try await acknowledge(messages.map(\.id))
        onDelivered(DeliveredBatch(results: answers, readMicros: now, writtenMicros: now))
    }

    private func acknowledge(_ ids: [StreamID]) async throws {
        guard !ids.isEmpty else { return }
        _ = try await writer.sendBatch([StreamCommands.xack(configuration.requestStream, group: configuration.group, ids: ids)])
    }

    /// The `max_deliveries` result for an entry, addressed as the request asked (or as well as it can be
    /// when the entry is not a valid request).
    private static func answer(for message: StreamMessage, error failure: RequestError, defaultReplyTo: String) -> PredictionResult {
        do throws(RequestRejection) {
            let request = try PredictionRequest(message: message, defaultReplyTo: defaultReplyTo)
            return PredictionResult(
                entryID: message.id,
                id: request.id,
                model: request.model,
                version: nil,
                outcome: .failure(failure),
                replyTo: request.replyTo
            )
        } catch {
            return PredictionResult(
                entryID: message.id,
                id: error.id,
                model: error.model ?? "",
                version: nil,
                outcome: .failure(failure),
                replyTo: error.replyTo
            )
        }
    }
}
