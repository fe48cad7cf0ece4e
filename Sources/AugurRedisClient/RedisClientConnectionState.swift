import NIOConcurrencyHelpers
import NIOCore

/// The connection a `RedisClient` currently has, and the commands waiting for one.
///
/// A plain state machine inside a lock: each method returns what the caller must do (resume waiters,
/// close a connection) and the caller does it outside the lock.
final class RedisClientConnectionState: Sendable {
    private enum Phase {
        case connecting(lastError: String?)
        case connected(RedisConnection)
        case shutDown
    }

    private struct Waiter {
        var continuation: CheckedContinuation<RedisConnection, any Error>
        var timeout: Scheduled<Void>?
    }

    private struct State {
        var phase = Phase.connecting(lastError: nil)
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiterID: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    /// The open connection, or waits up to `timeout` for the next one.
    func connection(waitingUpTo timeout: Duration, on eventLoop: any EventLoop) async throws -> RedisConnection {
        // The common case, connected, costs one lock and no suspension.
        let (open, id): (RedisConnection?, UInt64) = try state.withLockedValue { state in
            switch state.phase {
            case .connected(let connection) where connection.isOpen:
                return (connection, 0)
            case .shutDown:
                throw RedisError.clientShutDown
            case .connected, .connecting:
                defer { state.nextWaiterID &+= 1 }
                return (nil, state.nextWaiterID)
            }
        }
        if let open { return open }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate: Result<RedisConnection, any Error>? = state.withLockedValue { state in
                    switch state.phase {
                    case .connected(let connection) where connection.isOpen:
                        return .success(connection)
                    case .shutDown:
                        return .failure(RedisError.clientShutDown)
                    case .connected, .connecting:
                        // A cancellation that came before the waiter was registered would otherwise be missed.
                        if Task.isCancelled { return .failure(CancellationError()) }
                        let scheduled = eventLoop.scheduleTask(in: TimeAmount(timeout)) { [self] in
                            self.expireWaiter(id: id, waited: timeout)
                        }
                        state.waiters[id] = Waiter(continuation: continuation, timeout: scheduled)
                        return nil
                    }
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { $0.waiters.removeValue(forKey: id) }
            waiter?.timeout?.cancel()
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Publishes a new connection and hands it to every waiting command. Returns false after shutdown.
    func connected(_ connection: RedisConnection) -> Bool {
        let waiters: [Waiter]? = state.withLockedValue { state in
            if case .shutDown = state.phase { return nil }
            state.phase = .connected(connection)
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters {
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: connection)
        }
        return true
    }

    /// Records that there is no connection, and why.
    func disconnected(lastError: String?) {
        state.withLockedValue { state in
            if case .shutDown = state.phase { return }
            state.phase = .connecting(lastError: lastError)
        }
    }

    /// Refuses all further commands and fails those waiting; returns the connection to close, if any.
    func shutDown() -> RedisConnection? {
        let (connection, waiters): (RedisConnection?, [Waiter]) = state.withLockedValue { state in
            var connection: RedisConnection?
            if case .connected(let current) = state.phase { connection = current }
            state.phase = .shutDown
            defer { state.waiters = [:] }
            return (connection, Array(state.waiters.values))
        }
        for waiter in waiters {
            waiter.timeout?.cancel()
            waiter.continuation.resume(throwing: RedisError.clientShutDown)
        }
        return connection
    }

    private func expireWaiter(id: UInt64, waited: Duration) {
        let (waiter, lastError): (Waiter?, String?) = state.withLockedValue { state in
            var lastError: String?
            if case .connecting(let error) = state.phase { lastError = error }
            return (state.waiters.removeValue(forKey: id), lastError)
        }
        waiter?.continuation.resume(throwing: RedisError.notConnected(waited: waited, lastError: lastError))
    }
}
