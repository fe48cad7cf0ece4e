import AugurRESP
import Logging
import NIOCore

/// Writes queued commands and hands each reply to the command it answers, in FIFO order.
///
/// Lives on the connection's event loop and owns the in-flight queue, so matching needs no locks. On any
/// way out (server closed, I/O error, invalid RESP, timeout, abort) every waiter is failed exactly once.
final class RedisReplyHandler: ChannelInboundHandler {
    typealias InboundIn = RESPValue
    typealias OutboundOut = ByteBuffer

    /// A command written to the socket whose reply has not arrived yet.
    private struct InFlight {
        /// Nil once the command timed out: its late reply is read and dropped so FIFO order holds.
        var target: ReplyTarget?
        var id: UInt64
        var timeoutTask: Scheduled<Void>?
    }

    private let outbound: RedisOutboundBuffer
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var inFlight = CircularBuffer<InFlight>(initialCapacity: 64)
    private var nextID: UInt64 = 0
    private var closeWhenIdle = false
    /// Why the connection is going away, for the waiters still in flight when it does.
    private var closeError: RedisError?

    init(outbound: RedisOutboundBuffer, logger: Logger) {
        self.outbound = outbound
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Number of commands written whose replies are outstanding.
    var inFlightCount: Int { inFlight.count }

    /// Writes everything the senders queued since the last call, with a single flush.
    func writeQueued(handler: NIOLoopBound<RedisReplyHandler>) {
        let (bytes, commands) = outbound.takeQueued()
        guard !commands.isEmpty else { return }
        guard let context, context.channel.isActive else {
            for command in commands { command.target.fail(closeError ?? .connectionClosed) }
            return
        }
        for command in commands {
            let id = nextID
            nextID &+= 1
            var timeoutTask: Scheduled<Void>?
            if let timeout = command.timeout {
                timeoutTask = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                    handler.value.commandTimedOut(id: id, after: timeout)
                }
            }
            inFlight.append(InFlight(target: command.target, id: id, timeoutTask: timeoutTask))
        }
        context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
    }

    /// Closes the connection once every written command has its reply (graceful close).
    func closeAfterOutstandingReplies() {
        closeWhenIdle = true
        closeIfIdle()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if case .push = reply {
            // RESP3 out-of-band messages (invalidations, pub/sub) answer no command.
            return
        }
        guard let next = inFlight.popFirst() else {
            logger.error("reply without a pending command; closing the connection", metadata: ["reply": "\(reply)"])
            closeError = .unexpectedReply(command: "(none)", reply: "\(reply)")
            context.close(promise: nil)
            return
        }
        next.timeoutTask?.cancel()
        next.target?.deliver(reply)
        closeIfIdle()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let protocolError = error as? RESPProtocolError {
            closeError = closeError ?? .protocolViolation(protocolError)
            logger.error("invalid reply from the server; closing the connection", metadata: ["error": "\(protocolError)"])
        } else {
            logger.debug("connection error; closing the connection", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let error = closeError ?? .connectionClosed
        let unwritten = outbound.reject(with: .connectionClosed)
        while let next = inFlight.popFirst() {
            next.timeoutTask?.cancel()
            next.target?.fail(error)
        }
        for command in unwritten { command.target.fail(error) }
        context.fireChannelInactive()
    }

    private func commandTimedOut(id: UInt64, after timeout: Duration) {
        guard let index = inFlight.firstIndex(where: { $0.id == id }), let target = inFlight[index].target else { return }
        inFlight[index].target = nil
        logger.warning("command timed out; closing the connection", metadata: ["timeout": "\(timeout)"])
        target.fail(.commandTimeout(timeout))
        context?.close(promise: nil)
    }

    private func closeIfIdle() {
        if closeWhenIdle && inFlight.isEmpty {
            context?.close(promise: nil)
        }
    }
}
