import AugurCommands
import AugurRESP
import AugurRedisClient
import NIOConcurrencyHelpers
import NIOCore

extension BrokerServer {
    /// A session with this broker for a client in the same process (see `InProcessBrokerSession`); it
    /// attaches when it sends its first command, waiting for the broker to start listening.
    public func inProcessSession(named name: String) -> InProcessBrokerSession {
        InProcessBrokerSession(server: self, name: name)
    }

    /// Sessions with this broker in this process, for users of `BrokerConnector` such as the processor.
    public var inProcessConnector: BrokerConnector {
        BrokerConnector(description: "in-process broker on port \(configuration.port)") { name in
            self.inProcessSession(named: name)
        }
    }

    /// Registers a new in-process session with the running broker.
    func openInProcessSession(named name: String) async throws -> InProcessBrokerSession.Attached {
        _ = try await localAddress
        guard let running = runningCore.withLockedValue({ $0 }) else { throw RedisError.connectionClosed }
        return try await running.loop.submit {
            let core = running.core.value
            let connection = ClientConnection(id: core.makeClientID(), core: core, inProcessName: name)
            guard core.register(connection) else { throw RedisError.connectionClosed }
            return InProcessBrokerSession.Attached(
                loop: running.loop, connection: NIOLoopBound(connection, eventLoop: running.loop), clientID: connection.id)
        }.get()
    }

    /// Whether the broker's loop still takes work (it started and has not stopped).
    var isServing: Bool { runningCore.withLockedValue { $0 != nil } }
}

/// The core of a running broker and the loop that owns it.
struct RunningCore: Sendable {
    let loop: any EventLoop
    let core: NIOLoopBound<BrokerCore>
}

extension ClientConnection {
    /// Queues `commands` of an in-process session and runs what it can now; `completion` (on the loop) gets
    /// their replies once the tick that computed them is committed, or `.closed`.
    func submitInProcess(
        _ commands: [RESPCommand], completion: @escaping (Result<[RESPValue], InProcessSessionError>) -> Void
    ) {
        guard let inProcess, !isClosed else {
            completion(.failure(.closed))
            return
        }
        lastInteraction = .now()
        inProcess.submit(commands, completion: completion)
        processInput()
    }
}
