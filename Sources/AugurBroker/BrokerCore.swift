import AugurCommands
import AugurLog
import AugurRESP
import Logging
import NIOCore

/// The broker's state, owned by its single event loop: the engine, the log, the connections, and the
/// once-per-tick group commit. Like Redis's main thread, nothing here is locked; everything runs on `eventLoop`.
final class BrokerCore {
    enum State {
        case running
        case shuttingDown
        case stopped
    }

    let configuration: BrokerConfiguration
    let eventLoop: any EventLoop
    let logger: Logger
    let engine: StreamEngine
    let log: AppendLog
    let commands: CommandTable
    /// Limits for every client's command decoder.
    let decoderConfiguration: RESPCommandDecoder.Configuration
    /// When the broker started, for uptime and client ages.
    let startedAt = NIODeadline.now()

    var connections: [ClientID: ClientConnection] = [:]
    /// Connections waiting in a blocking read; while none do, writes cannot wake anyone.
    var blockedClients = 0
    @exclusivity(unchecked) var statistics = BrokerStatistics()
    var state = State.running
    var serverChannel: (any Channel)?
    /// The port the listener got (the configured one, or the kernel's pick for port 0).
    var boundPort = 0
    /// INFO's `run_id`: random, new for each start.
    let runID = String((0..<40).map { _ in "0123456789abcdef".randomElement()! })
    /// Set when a log commit failed: write commands are refused until a rewrite restores the log.
    var persistenceError: String?
    var rewriteInProgress = false
    var nextRewriteAttempt = NIODeadline.uptimeNanoseconds(0)
    var cron: RepeatedTask?
    var cronRuns: UInt64 = 0
    /// Records handed to the log but not yet committed (a failed commit keeps them for the next try).
    var uncommittedRecords = 0
    /// Completed when shutdown finished: every connection closed and the log closed.
    let stopped: EventLoopPromise<Void>

    private var nextClientID: ClientID = 0
    /// Connections that got replies this tick; flushed once the tick's records are committed.
    @exclusivity(unchecked) private var dirty: [ClientConnection] = []
    private var flushing: [ClientConnection] = []
    /// Connections that may run queued commands again (woken from a block, or output drained).
    private var resumable: [ClientConnection] = []
    private var tickScheduled = false

    init(
        configuration: BrokerConfiguration, eventLoop: any EventLoop, logger: Logger, engine: StreamEngine,
        log: AppendLog, stopped: EventLoopPromise<Void>
    ) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
        self.engine = engine
        self.log = log
        self.stopped = stopped
        self.decoderConfiguration = RESPCommandDecoder.Configuration(
            maxBulkLength: configuration.protoMaxBulkLength,
            maxArguments: configuration.protoMaxArguments,
            maxInlineLength: configuration.protoMaxInlineLength)
        self.commands = CommandTable(serverCommands: ServerCommandName.all, engineHandles: StreamEngine.handles)
    }

    /// Admits a new connection, or says no when maxclients is reached or the broker is stopping.
    func register(_ connection: ClientConnection) -> Bool {
        statistics.connectionsReceived += 1
        guard state == .running, connections.count < configuration.maxClients else {
            statistics.rejectedConnections += 1
            return false
        }
        connections[connection.id] = connection
        return true
    }

    /// A fresh client id (Redis's CLIENT ID); never reused.
    func makeClientID() -> ClientID {
        nextClientID += 1
        return nextClientID
    }

    /// Forgets a closed connection, and any block it had in the engine.
    func unregister(_ connection: ClientConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        engine.clientDisconnected(connection.id)
        if state == .shuttingDown, connections.isEmpty {
            finishShutdown()
        }
    }

    /// Records that `connection` has unflushed replies; its flush waits for this tick's commit.
    func markDirty(_ connection: ClientConnection) {
        guard !connection.isDirty else { return }
        connection.isDirty = true
        dirty.append(connection)
        scheduleTick()
    }

    /// Asks for `connection` to run its queued commands in the coming tick.
    func markResumable(_ connection: ClientConnection) {
        resumable.append(connection)
        scheduleTick()
    }

    private func scheduleTick() {
        guard !tickScheduled else { return }
        tickScheduled = true
        // One task per tick: it runs after the loop handled every readable socket, so all their
        // commands share one log commit.
        eventLoop.assumeIsolatedUnsafeUnchecked().execute { [self] in
            runTick()
        }
    }

    /// Runs resumed clients, commits the tick's records, then releases every pending reply.
    func runTick() {
        tickScheduled = false
        guard state != .stopped else { return }
        while !resumable.isEmpty {
            let batch = resumable
            resumable.removeAll()
            for connection in batch { connection.resume() }
        }
        let committed = commitMutations()
        swap(&dirty, &flushing)
        for connection in flushing {
            connection.isDirty = false
            if committed {
                connection.flush()
            } else {
                connection.dropUnacknowledged()
            }
        }
        flushing.removeAll(keepingCapacity: true)
        pollRewrite()
    }

    /// Replies to clients the last engine writes unblocked.
    func deliverWakeups() {
        let wakeups = engine.takeWakeups()
        guard !wakeups.isEmpty else { return }
        for wakeup in wakeups {
            connections[wakeup.client]?.unblock(with: wakeup.reply)
        }
    }

    /// The block of `connection` expired: send the engine's timeout reply.
    func blockTimedOut(_ connection: ClientConnection) {
        guard let reply = engine.blockTimedOut(client: connection.id) else { return }
        connection.unblock(with: reply)
    }
}
