import AugurRESP
import AugurRedisClient
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Sends prediction requests to Augur daemons through the broker and awaits their results.
///
/// One connection sends every request (pipelined: concurrent calls share writes), another blocks reading
/// this client's own reply stream and hands each result to its caller by correlation id, so one client keeps
/// thousands of requests in flight. Results delivered twice (the daemons deliver at least once) are counted
/// in `duplicateCount` and dropped.
///
/// Call `run()` in a task for as long as the client is used; cancelling that task stops the client, fails
/// the requests still waiting with `.notRunning` and deletes the reply stream.
public final class AugurClient: Sendable {
    /// The settings this client was created with.
    public let configuration: Configuration
    let logger: Logger
    let sender: RedisClient
    let reader: RedisClient
    let pending: PendingPredictions
    let ids: CorrelationIDs
    private let encoder: RequestEncoder
    /// The newest result read, not yet trimmed from the reply stream.
    let lastRead = NIOLockedValueBox<StreamID?>(nil)
    private let started = NIOLockedValueBox(false)

    /// Creates a client; nothing connects until `run()` is called.
    public init(
        configuration: Configuration,
        logger: Logger = Logger(label: "augur.client", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.logger = logger
        var connectionLogger = logger
        // Each reconnect attempt is already reported by the calls that fail meanwhile.
        connectionLogger.logLevel = max(logger.logLevel, .error)
        self.sender = RedisClient(configuration: .init(connection: configuration.connection), logger: connectionLogger)
        self.reader = RedisClient(configuration: .init(connection: configuration.connection), logger: connectionLogger)
        self.pending = PendingPredictions(maxInFlight: configuration.maxInFlight, timeout: configuration.timeout)
        self.ids = CorrelationIDs()
        self.encoder = RequestEncoder(requestStream: configuration.requestStream, replyStream: configuration.replyStream)
    }

    /// Connects and reads results until the calling task is cancelled; then fails what is still waiting and
    /// deletes the reply stream. Call it once per client.
    public func run() async {
        let first = started.withLockedValue { started in
            defer { started = true }
            return !started
        }
        guard first else {
            logger.error("AugurClient.run() was called twice; create one client per run")
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.sender.run() }
            group.addTask { await self.reader.run() }
            group.addTask { await self.readReplies() }
            group.addTask { await self.sweepTimeouts() }
            group.addTask { await self.trimReplies() }
            await group.waitForAll()
        }
        pending.stop()
        await deleteReplyStream()
    }

    /// Asks for a prediction of `model` (`version`, or the active one) on `inputs` JSON and returns its result.
    ///
    /// `inputs` is the V2 `inputs` array, or for a single-input model one row of numbers or an array of rows.
    /// A result that reports an error (unknown model, bad inputs, …) is returned with `error` set; thrown
    /// errors mean no result arrived. Waits for room while `maxInFlight` requests are in flight.
    public func predict(
        model: String,
        version: Int? = nil,
        inputs: String,
        deadlineMilliseconds: UInt64? = nil
    ) async throws(AugurClientError) -> PredictionReply {
        try await predict(
            PredictionCall(model: model, version: version, inputs: inputs, deadlineMilliseconds: deadlineMilliseconds)
        )
    }

    /// Asks for one prediction described by `call`; see `predict(model:version:inputs:deadlineMilliseconds:)`.
    public func predict(_ call: PredictionCall) async throws(AugurClientError) -> PredictionReply {
        if let error = await pending.reserveRoom() { throw error }
        guard let sequence = pending.register() else { throw .notRunning }
        do {
            _ = try await sender.send(encoder.command(id: ids.id(sequence), call: call))
        } catch is CancellationError {
            // Waiting for a connection is cancellable; a written command is not.
            pending.abandon(sequence)
            throw .cancelled
        } catch {
            pending.abandon(sequence)
            throw .broker("\(error)")
        }
        return try await pending.wait(for: sequence).get()
    }

    /// Sends `calls` in one write; `handler` then receives each one's result (or failure) exactly once, by
    /// its index in `calls`, as results arrive.
    ///
    /// Throws, without calling `handler`, only when nothing was sent: the client stopped, or the batch would
    /// take the number in flight past `maxInFlight` (`.overloaded`; this call does not wait for room).
    /// Requests the broker refused reach `handler` as `.broker` failures. Not cancellable: each request
    /// still ends in a result, a timeout or `.notRunning`.
    public func send(_ calls: [PredictionCall], onReply handler: @escaping PredictionReplyHandler) async throws(AugurClientError) {
        guard !calls.isEmpty else { return }
        let first = try pending.register(count: calls.count, handler: handler)
        var commands: [RESPCommand] = []
        commands.reserveCapacity(calls.count)
        for (index, call) in calls.enumerated() {
            commands.append(encoder.command(id: ids.id(first + UInt64(index)), call: call))
        }
        do {
            let replies = try await sender.sendBatch(commands)
            for (index, reply) in replies.enumerated() {
                if case .error(let text) = reply {
                    pending.resolve(first + UInt64(index), with: .failure(.broker(text)), countingDuplicates: false)
                }
            }
        } catch {
            let failure: AugurClientError = error is CancellationError ? .cancelled : .broker("\(error)")
            for index in calls.indices {
                pending.resolve(first + UInt64(index), with: .failure(failure), countingDuplicates: false)
            }
        }
    }

    /// How many requests are awaiting their results.
    public var inFlightCount: Int { pending.inFlight }

    /// Results that arrived for a request already answered, timed out or cancelled: the daemons' at-least-once
    /// redeliveries and late results. They are dropped.
    public var duplicateCount: Int { pending.duplicateCount }

    /// Results on the reply stream whose correlation id this client never issued (dropped).
    public var unknownResultCount: Int { pending.unknownCount }
}
