import AugurCommands
import AugurRESP
import AugurRedisClient
import NIOConcurrencyHelpers
import NIOCore

/// A session with a `BrokerServer` running in this process: commands go to the broker's event loop as
/// values and replies come back as values, with no socket, no RESP encoding and no decoding in between.
///
/// It behaves like a `RedisClient` connected to that broker (same replies in their RESP2 shape, same
/// ordering, replies released only once their writes are in the log), so code written against
/// `RedisBatchSending` uses it unchanged: `augur serve --embedded-broker` runs its processor over these.
/// A session the broker closed (it is stopping, or could not log a tick) fails its commands in flight with
/// `RedisError.connectionClosed`; the next command opens a new one, like a reconnect.
public final class InProcessBrokerSession: RedisSession, Sendable {
    /// The name the session shows in the broker's CLIENT LIST.
    public let name: String
    private let server: BrokerServer
    private let state = NIOLockedValueBox(SessionState())

    private struct SessionState {
        var attached: Attached?
        var shutDown = false
    }

    struct Attached: Sendable {
        let loop: any EventLoop
        let connection: NIOLoopBound<ClientConnection>
        /// The broker's id for the session, which tells sessions apart off the loop.
        let clientID: ClientID
    }

    init(server: BrokerServer, name: String) {
        self.server = server
        self.name = name
    }

    /// Keeps the session until the calling task is cancelled, then closes it; later commands fail with
    /// `RedisError.clientShutDown`.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch {
                break
            }
        }
        let attached = state.withLockedValue { state -> Attached? in
            state.shutDown = true
            defer { state.attached = nil }
            return state.attached
        }
        if let attached, server.isServing {
            attached.loop.execute { attached.connection.value.close() }
        }
    }

    /// Runs `commands` in order and returns their replies (error replies as `.error`).
    public func sendBatch(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        // The broker answers an empty command with nothing at all, which would leave this batch waiting forever.
        guard commands.allSatisfy({ !$0.arguments.isEmpty }) else {
            throw RedisError.server(code: "ERR", message: "empty command")
        }
        let attached = try await attach()
        // A stopped broker's loop no longer runs tasks: fail here rather than wait for a reply forever.
        guard server.isServing else {
            detach(attached)
            throw RedisError.connectionClosed
        }
        let result: Result<[RESPValue], InProcessSessionError> = await withCheckedContinuation { continuation in
            attached.loop.execute {
                attached.connection.value.submitInProcess(commands) { continuation.resume(returning: $0) }
            }
        }
        switch result {
        case .success(let replies):
            return replies
        case .failure:
            detach(attached)
            throw RedisError.connectionClosed
        }
    }

    /// Forgets a session the broker closed, so the next command opens a new one.
    private func detach(_ attached: Attached) {
        state.withLockedValue { state in
            if state.attached?.clientID == attached.clientID { state.attached = nil }
        }
    }

    /// Runs one command; an error reply throws `RedisError.server`. `blockingFor` needs no extra timeout
    /// here: nothing between this process and its broker can stall except the command itself.
    public func send(_ command: RESPCommand, blockingFor: Duration?) async throws -> RESPValue {
        let reply = try await sendBatch([command])[0]
        if case .error(let text) = reply { throw RedisError(serverErrorText: text) }
        return reply
    }

    private func attach() async throws -> Attached {
        let current = try state.withLockedValue { state -> Attached? in
            if state.shutDown { throw RedisError.clientShutDown }
            return state.attached
        }
        if let current { return current }
        let attached = try await server.openInProcessSession(named: name)
        return try state.withLockedValue { state in
            if state.shutDown { throw RedisError.clientShutDown }
            if let raced = state.attached { return raced }
            state.attached = attached
            return attached
        }
    }
}
