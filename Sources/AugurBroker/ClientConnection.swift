import AugurCommands
import AugurRESP
import NIOCore

/// One client: its session (protocol, user, name), the bytes it sent that are not yet run, and its
/// replies not yet released.
///
/// The handler decodes commands itself, one at a time and only while the client may run them: a blocked
/// or paused client's later commands simply stay unparsed in `input` (as in Redis's query buffer), which
/// keeps order without a queue and saves the per-command pipeline hop of a `ByteToMessageHandler`.
final class ClientConnection: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase {
        case running
        case blocked(timeout: Scheduled<Void>?)
        case closed

        var isBlocked: Bool {
            if case .blocked = self { return true }
            return false
        }
    }

    /// While the client cannot run commands, reading stops once this much input waits.
    static let heldInputLimit = 64 * 1024

    let id: ClientID
    let core: BrokerCore
    private(set) var context: ChannelHandlerContext?

    var protocolVersion = RESPProtocolVersion.resp2
    /// The authenticated user; nil until AUTH/HELLO succeeded when a password is required.
    var user: String?
    var name: String?
    var libraryName: String?
    var libraryVersion: String?
    let createdAt = NIODeadline.now()
    var lastInteraction = NIODeadline.now()
    /// Lowercase name of the last command, for CLIENT LIST's `cmd=`.
    var lastCommand = "NULL"
    var remoteAddress = ""
    var localAddress = ""

    // The two buffers are touched for every command; only this handler (on the loop) uses them, so the
    // runtime exclusivity bookkeeping is skipped for them.
    /// Bytes received and not yet decoded.
    @exclusivity(unchecked) var input: ByteBuffer?
    /// Replies written since the last flush.
    @exclusivity(unchecked) var output: ByteBuffer
    var decoder: RESPCommandDecoder
    var phase = Phase.running {
        didSet {
            let wasBlocked = oldValue.isBlocked
            if wasBlocked != phase.isBlocked { core.blockedClients += wasBlocked ? -1 : 1 }
        }
    }
    /// Too many reply bytes are waiting; commands wait until the socket drains.
    var outputPaused = false
    var isDirty = false
    var closeAfterFlush = false
    var inputClosed = false
    var readHeld = false
    var softLimitSince: NIODeadline?
    /// The decoder failed; nothing after that point is read or run.
    var sawProtocolError = false
    private var processingInput = false
    /// Set for a session of a client in this process (see `InProcessBrokerSession`): commands and replies
    /// pass as values, with no socket and no RESP bytes in between.
    let inProcess: InProcessReplies?

    init(id: ClientID, core: BrokerCore, allocator: ByteBufferAllocator) {
        self.id = id
        self.core = core
        self.output = allocator.buffer(capacity: 1024)
        self.decoder = RESPCommandDecoder(configuration: core.decoderConfiguration)
        self.user = core.configuration.users.requiresAuthentication ? nil : "default"
        self.inProcess = nil
    }

    /// An in-process session named `name`. It is trusted like the process it lives in: it starts
    /// authenticated as the default user.
    init(id: ClientID, core: BrokerCore, inProcessName name: String) {
        self.id = id
        self.core = core
        self.output = ByteBuffer()
        self.decoder = RESPCommandDecoder(configuration: core.decoderConfiguration)
        self.user = "default"
        self.name = name
        self.remoteAddress = "in-process"
        self.inProcess = InProcessReplies()
    }

    var isBlocked: Bool { phase.isBlocked }

    var canRun: Bool {
        if case .running = phase { return !outputPaused && !closeAfterFlush }
        return false
    }

    var shouldHoldReads: Bool {
        if outputPaused || closeAfterFlush || sawProtocolError { return true }
        return !canRun && (input?.readableBytes ?? 0) >= Self.heldInputLimit
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        remoteAddress = context.channel.remoteAddress?.redisDescription ?? ""
        localAddress = context.channel.localAddress?.redisDescription ?? ""
        guard core.register(self) else {
            phase = .closed
            var buffer = context.channel.allocator.buffer(capacity: 64)
            RESPValueEncoder.writeError("ERR max number of clients reached", into: &buffer)
            context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
            return
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .blocked(let timeout) = phase { timeout?.cancel() }
        phase = .closed
        input = nil
        core.unregister(self)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isClosed, !sawProtocolError, !closeAfterFlush else { return }
        var bytes = unwrapInboundIn(data)
        if input == nil || input!.readableBytes == 0 {
            input = bytes
        } else {
            input!.writeBuffer(&bytes)
        }
        if input!.readableBytes > core.configuration.clientQueryBufferLimit {
            core.logger.notice(
                "closing client that reached max query buffer length",
                metadata: ["client": "\(id)", "addr": "\(remoteAddress)", "bytes": "\(input!.readableBytes)"])
            close()
            return
        }
        processInput()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        lastInteraction = .now()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Reset by peer and the like end only this client.
        core.logger.debug("closing client", metadata: ["client": "\(id)", "error": "\(error)"])
        close()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let event = event as? ChannelEvent, event == .inputClosed else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        // The client finished sending: answer what it sent, then close (a blocked client is simply closed).
        inputClosed = true
        if isBlocked {
            close()
        } else {
            finishIfInputDone()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, outputPaused {
            outputPaused = false
            core.markResumable(self)
        }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if shouldHoldReads {
            readHeld = true
        } else {
            context.read()
        }
    }

    // MARK: Decoding

    /// Decodes and runs commands while the client may run them; the rest stays in `input`.
    func processInput() {
        guard !processingInput else { return }
        processingInput = true
        defer { processingInput = false }
        if let inProcess {
            while canRun, let command = inProcess.queued.popFirst() { core.execute(command, for: self) }
            return
        }
        while canRun, input != nil {
            let command: RESPCommand?
            do {
                command = try decoder.decode(buffer: &input!)
            } catch let error as RESPProtocolError {
                failWithProtocolError(error)
                return
            } catch {
                close()
                return
            }
            guard let command else { break }
            core.execute(command, for: self)
        }
        guard let remaining = input else { return }
        if remaining.readableBytes == 0 {
            input = nil
        } else if remaining.readerIndex >= Self.heldInputLimit {
            input!.discardReadBytes()
        }
    }

    private func failWithProtocolError(_ error: RESPProtocolError) {
        sawProtocolError = true
        core.statistics.protocolErrors += 1
        core.logger.debug(
            "protocol error, closing client",
            metadata: ["client": "\(id)", "addr": "\(remoteAddress)", "error": "\(error)"])
        writeError(error.replyText)
        closeAfterFlush = true
        input = nil
    }
}

extension SocketAddress {
    /// `ip:port` as Redis prints addresses.
    var redisDescription: String {
        guard let ip = ipAddress, let port else { return pathname ?? "" }
        if case .v6 = self { return "[\(ip)]:\(port)" }
        return "\(ip):\(port)"
    }
}
