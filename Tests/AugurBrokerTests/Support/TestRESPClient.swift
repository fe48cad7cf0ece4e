import AugurRESP
import NIOCore
import NIOPosix

/// A minimal Redis client for tests: writes commands as RESP multibulk (or raw bytes) and reads whole
/// replies decoded by `RESPValueDecoder`. It reads from the socket only while a test waits for a reply,
/// so a test that stops reading really stops (the server sees the backpressure).
final class TestRESPClient: Sendable {
    private let channel: any Channel
    private let collector: NIOLoopBound<ReplyCollector>

    private init(channel: any Channel, collector: NIOLoopBound<ReplyCollector>) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects to `address`.
    static func connect(to address: SocketAddress) async throws -> TestRESPClient {
        let (channel, collector) = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.autoRead, value: false)
            .connect(to: address) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let collector = ReplyCollector()
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPValueDecoder()))
                    try channel.pipeline.syncOperations.addHandler(collector)
                    return (channel, NIOLoopBound(collector, eventLoop: channel.eventLoop))
                }
            }
        return TestRESPClient(channel: channel, collector: collector)
    }

    /// The multibulk encoding of `words`.
    static func encode(_ words: [String]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("*\(words.count)\r\n")
        for word in words {
            buffer.writeString("$\(word.utf8.count)\r\n\(word)\r\n")
        }
        return buffer
    }

    /// Sends one command without waiting for its reply.
    func send(_ words: String...) async throws {
        try await channel.writeAndFlush(Self.encode(words)).get()
    }

    /// Sends bytes exactly as given.
    func sendRaw(_ bytes: ByteBuffer) async throws {
        try await channel.writeAndFlush(bytes).get()
    }

    /// Sends bytes exactly as given.
    func sendRaw(_ text: String) async throws {
        try await sendRaw(ByteBuffer(string: text))
    }

    /// Shuts the sending side (the server sees EOF) while replies can still be read.
    func finishSending() async throws {
        try await channel.close(mode: .output).get()
    }

    /// The next reply; nil once the server closed the connection.
    func read() async throws -> RESPValue? {
        let collector = self.collector
        return try await channel.eventLoop.flatSubmit { collector.value.next() }.get()
    }

    /// Sends one command and returns its reply.
    @discardableResult
    func command(_ words: String...) async throws -> RESPValue? {
        try await channel.writeAndFlush(Self.encode(words)).get()
        return try await read()
    }

    /// Reads until the server closes the connection; returns how many replies came first. An error
    /// (connection reset) also counts as closed.
    func readUntilClosed() async -> Int {
        var count = 0
        do {
            while try await read() != nil { count += 1 }
        } catch {}
        return count
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close().get()
    }
}

/// Keeps decoded replies until a test asks for them; asks the socket for more only while a test waits.
final class ReplyCollector: ChannelInboundHandler {
    typealias InboundIn = RESPValue

    private var replies = CircularBuffer<RESPValue>()
    private var waiter: EventLoopPromise<RESPValue?>?
    private var failure: (any Error)?
    private var closed = false
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let waiter {
            self.waiter = nil
            waiter.succeed(reply)
        } else {
            replies.append(reply)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if waiter != nil { context.read() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        waiter?.succeed(nil)
        waiter = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        failure = error
        waiter?.fail(error)
        waiter = nil
        context.close(promise: nil)
    }

    /// The next reply, or nil once the connection closed.
    func next() -> EventLoopFuture<RESPValue?> {
        guard let context else { preconditionFailure("collector used before it was added") }
        if let reply = replies.popFirst() { return context.eventLoop.makeSucceededFuture(reply) }
        if let failure { return context.eventLoop.makeFailedFuture(failure) }
        if closed { return context.eventLoop.makeSucceededFuture(nil) }
        let promise = context.eventLoop.makePromise(of: RESPValue?.self)
        waiter = promise
        context.read()
        return promise.futureResult
    }
}

extension RESPValue {
    /// The text of a bulk, simple or verbatim string reply.
    var text: String? {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(let bytes): return String(buffer: bytes)
        case .verbatimString(_, let bytes): return String(buffer: bytes)
        case .error(let text): return text
        default: return nil
        }
    }

    /// The elements of an array reply.
    var elements: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}
