import AugurRESP
import AugurRedisClient
import Logging
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The processing loop over the request stream: read a batch for this consumer, plan and run it, add each
/// result to its `reply_to` stream and only then acknowledge the request, so a crash between the two
/// redelivers the request instead of losing it (at-least-once; `id` lets callers drop duplicates).
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

    /// Creates a processor; nothing is read until `run()` or `processNextBatch`.
    public init(
        reader: any RedisCommandSending,
        writer: any RedisBatchSending,
        planner: BatchPlanner,
        idleBlock: Duration = .seconds(1),
        logger: Logger = Logger(label: "augur.processor")
    ) {
        self.reader = reader
        self.writer = writer
        self.planner = planner
        self.configuration = planner.configuration
        self.idleBlock = idleBlock
        self.logger = logger
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

    /// Runs until the task is cancelled; a batch being processed is finished (written and acknowledged)
    /// before it stops. A failed step is logged and retried after `idleBlock`, re-creating the group first
    /// (the stream may have been deleted); entries read but not acknowledged are claimed again later.
    public func run() async throws {
        try await prepare()
        var lastClaim = ContinuousClock.now
        let claimInterval = Duration.milliseconds(max(configuration.claimIdleMilliseconds / 2, 1))
        while !Task.isCancelled {
            do {
                if ContinuousClock.now - lastClaim >= claimInterval {
                    _ = try await claimStale()
                    lastClaim = .now
                }
                _ = try await processNextBatch(block: idleBlock)
            } catch {
                if Task.isCancelled { break }
                logger.warning("processing failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: idleBlock)
                try? await prepare()
            }
        }
    }

    /// Reads up to `maxBatch` new entries (blocking up to `block` for the first, then waiting
    /// `maxWaitMicroseconds` for more), runs them and writes their results; returns how many were handled.
    public func processNextBatch(block: Duration) async throws -> Int {
        let streams = try await reader.xreadgroup(
            group: configuration.group,
            consumer: configuration.consumerName,
            count: configuration.maxBatch,
            block: block,
            streams: [(configuration.requestStream, ">")]
        )
        var messages = streams.flatMap(\.messages)
        guard !messages.isEmpty else { return 0 }
        if messages.count < configuration.maxBatch, configuration.maxWaitMicroseconds > 0 {
            // A short wait lets a burst fill the batch, so it costs one model call instead of several.
            // A cancelled sleep just ends the wait: what was read is still run and acknowledged.
            try? await Task.sleep(for: .microseconds(configuration.maxWaitMicroseconds))
            let more = try await reader.xreadgroup(
                group: configuration.group,
                consumer: configuration.consumerName,
                count: configuration.maxBatch - messages.count,
                streams: [(configuration.requestStream, ">")]
            )
            messages += more.flatMap(\.messages)
        }
        try await deliver(planner.process(messages))
        return messages.count
    }

    /// Claims entries idle longer than `claimIdleMilliseconds`, dead-letters those delivered more than
    /// `maxDeliveries` times and runs the rest; returns how many entries were handled.
    public func claimStale() async throws -> Int {
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
            if !runnable.isEmpty { try await deliver(planner.process(runnable)) }
            handled += live.count
        } while start != .zero
        return handled
    }

    /// Adds each result to its stream, then acknowledges the requests whose results were written.
    private func deliver(_ results: [PredictionResult]) async throws {
        let now = Self.nowMicroseconds()
        let replies = try await writer.sendBatch(
            results.map { StreamCommands.xadd($0.replyTo, fields: $0.streamFields(nowMicroseconds: now)) }
        )
        var written: [StreamID] = []
        for (result, reply) in zip(results, replies) {
            if case .error(let message) = reply {
                // Left pending: it is claimed and retried later, and dead-lettered if it never succeeds.
                logger.error("could not write a result", metadata: ["reply_to": "\(result.replyTo)", "error": "\(message)"])
            } else {
                written.append(result.entryID)
            }
        }
        try await acknowledge(written)
    }

    /// Copies entries to the dead-letter stream with a `max_deliveries` error, answers them, and acknowledges.
    private func deadLetter(_ messages: [StreamMessage]) async throws {
        guard !messages.isEmpty else { return }
        let now = Self.nowMicroseconds()
        var commands: [RESPCommand] = []
        for message in messages {
            let error = RequestError(
                .maxDeliveries,
                "the request was delivered more than \(configuration.maxDeliveries) times without a result; it is in \(configuration.deadLetterStream)"
            )
            let result = Self.answer(for: message, error: error, defaultReplyTo: configuration.resultStream)
            let deadFields = message.fields + [(ByteBuffer(string: "error"), ByteBuffer(bytes: PredictionResult.errorJSON(error)))]
            commands.append(StreamCommands.xadd(configuration.deadLetterStream, fields: deadFields))
            commands.append(StreamCommands.xadd(result.replyTo, fields: result.streamFields(nowMicroseconds: now)))
        }
        let replies = try await writer.sendBatch(commands)
        if let failure = replies.first(where: { if case .error = $0 { return true } else { return false } }) {
            logger.error("could not dead-letter requests; they stay pending", metadata: ["error": "\(failure)"])
            return
        }
        try await acknowledge(messages.map(\.id))
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

    private static func nowMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
