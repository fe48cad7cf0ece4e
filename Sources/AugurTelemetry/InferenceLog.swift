import AugurRedisClient
import CoreMetrics
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The inference log: the request path hands it records, a background task writes them to a sink (the log
/// stream, a Kafka topic) and/or a rotated JSON-lines file.
///
/// `record` never blocks or awaits: records go into a bounded buffer, and past its capacity they are dropped
/// and counted (`droppedCount`, metric `augur_inference_log_dropped_total`), so a stalled sink costs log
/// records, never predictions or memory. Sink errors are logged (rate-limited) and the batch is retried with
/// backoff; a stream write that failed midway may be repeated, so the log is at-least-once.
public final class InferenceLog: Sendable {
    /// The configuration the log runs with.
    public let configuration: InferenceLogConfiguration
    private let buffer: InferenceLogBuffer
    private let sink: (any InferenceLogSink)?
    /// Set when a stream was configured but no connection given to write it with (worth a warning).
    private let streamWithoutSender: Bool
    private let logger: Logger
    private let droppedCounter: Counter
    private let backoff = ReconnectBackoff(minDelay: .milliseconds(50), maxDelay: .seconds(5))

    /// How long `run()` keeps flushing after it was cancelled.
    static let flushTimeLimit: Duration = .seconds(2)

    /// Creates the log; nothing is written until `run()`. `sender` is needed for the stream sink
    /// (`configuration.stream`); the metric comes from `metricsFactory` (default: the bootstrapped `MetricsSystem`).
    public convenience init(
        configuration: InferenceLogConfiguration,
        sender: (any RedisBatchSending)?,
        logger: Logger,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        var sink: RedisStreamLogSink?
        if let stream = configuration.stream, let sender {
            sink = RedisStreamLogSink(stream: stream, maxLength: configuration.streamMaxLength, sender: sender)
        }
        self.init(
            configuration: configuration,
            sink: sink,
            logger: logger,
            metricsFactory: metricsFactory,
            streamWithoutSender: configuration.stream != nil && sender == nil
        )
    }

    /// Creates the log writing to `sink` (nil: only the file, if configured); `configuration.stream` and
    /// `streamMaxLength` are not used (the sink knows where it writes).
    public convenience init(
        configuration: InferenceLogConfiguration,
        sink: (any InferenceLogSink)?,
        logger: Logger,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.init(configuration: configuration, sink: sink, logger: logger, metricsFactory: metricsFactory, streamWithoutSender: false)
    }

    private init(
        configuration: InferenceLogConfiguration,
        sink: (any InferenceLogSink)?,
        logger: Logger,
        metricsFactory: any MetricsFactory,
        streamWithoutSender: Bool
    ) {
        self.configuration = configuration
        self.buffer = InferenceLogBuffer(capacity: configuration.bufferCapacity)
        self.sink = sink
        self.streamWithoutSender = streamWithoutSender
        self.logger = logger
        self.droppedCounter = Counter(label: "augur_inference_log_dropped_total", factory: metricsFactory)
    }

    /// Queues `records` for the sinks without blocking; what does not fit in the buffer is dropped and counted.
    public func record(_ records: [InferenceLogRecord]) {
        let dropped = buffer.append(records)
        if dropped > 0 { droppedCounter.increment(by: dropped) }
    }

    /// Queues one record; see `record(_:)`.
    public func record(_ record: InferenceLogRecord) {
        self.record([record])
    }

    /// How many records were dropped because the buffer was full.
    public var droppedCount: Int { buffer.droppedCount }

    /// How many records wait for the sinks.
    public var bufferedCount: Int { buffer.count }

    /// Drains the buffer to the sinks in batches until cancelled, then flushes what is buffered for at
    /// most 2 s. Call it once.
    public func run() async {
        var writer = InferenceLogWriter(configuration: configuration, sink: sink, logger: logger)
        if streamWithoutSender {
            logger.warning("inference log stream configured without a broker connection; the stream sink is off")
        }
        var pending: PendingLogBatch?
        var attempt = 0
        var signals = buffer.signals.makeAsyncIterator()
        running: while !Task.isCancelled {
            while true {
                if pending == nil {
                    let records = buffer.take(upTo: configuration.batchSize)
                    if records.isEmpty { break }
                    guard writer.hasSinks else { continue }
                    pending = writer.prepare(records)
                }
                if await writer.write(&pending!) {
                    pending = nil
                    attempt = 0
                    continue
                }
                do {
                    try await Task.sleep(for: backoff.delay(attempt: attempt))
                } catch {
                    break running
                }
                attempt += 1
            }
            if await signals.next() == nil { break }
        }
        await flush(writer: writer, pending: pending)
    }

    /// Writes the unfinished batch and what is buffered, until done or the time limit; the cancelled caller's
    /// task cannot do it (its sleeps and awaits end at once), so an unstructured task does, raced by a timer.
    private func flush(writer: InferenceLogWriter, pending: PendingLogBatch?) async {
        let deadline = ContinuousClock.now + Self.flushTimeLimit
        let buffer = self.buffer
        let batchSize = configuration.batchSize
        let backoff = self.backoff
        let finished = OnceSignal()
        Task {
            var writer = writer
            var pending = pending
            var attempt = 0
            while ContinuousClock.now < deadline {
                if pending == nil {
                    let records = buffer.take(upTo: batchSize)
                    if records.isEmpty || !writer.hasSinks { break }
                    pending = writer.prepare(records)
                }
                if await writer.write(&pending!) {
                    pending = nil
                    continue
                }
                try? await Task.sleep(until: min(deadline, .now + backoff.delay(attempt: attempt)))
                attempt += 1
            }
            writer.close()
            finished.fire()
        }
        let timer = Task {
            try? await Task.sleep(until: deadline)
            finished.fire()
        }
        await finished.wait()
        timer.cancel()
        let left = buffer.count
        if left > 0 {
            logger.warning("inference log shut down with records unwritten", metadata: ["records": "\(left)"])
        }
    }
}

/// Resumes one waiter once, whichever of several tasks fires first.
private final class OnceSignal: Sendable {
    private struct State {
        var fired = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = NIOLockedValueBox(State())

    func fire() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            guard !state.fired else { return nil }
            state.fired = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLockedValue { state -> Bool in
                if state.fired { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
