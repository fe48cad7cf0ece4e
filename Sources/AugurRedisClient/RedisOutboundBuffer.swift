import AugurRESP
import NIOConcurrencyHelpers
import NIOCore

/// A command that is encoded and waiting to be written, with where its reply goes.
struct QueuedCommand: Sendable {
    var target: ReplyTarget
    /// How long the reply may take; nil for no limit.
    var timeout: Duration?
}

/// Commands encoded by any thread, waiting for the event loop to write them.
///
/// Senders encode straight into one shared buffer under a lock, so thousands of concurrent `send`s
/// become one write and one flush per event-loop tick, and their order in the buffer is their call order.
final class RedisOutboundBuffer: Sendable {
    /// What a sender must do after queueing a command.
    enum EnqueueResult {
        /// The first command since the last write: schedule one write on the event loop.
        case scheduleWrite
        /// A write is already scheduled and will take this command along.
        case queued
        /// The connection takes no more commands; fail the caller with the error.
        case rejected(RedisError)
    }

    private struct State {
        var bytes: ByteBuffer
        var commands: [QueuedCommand] = []
        var writeScheduled = false
        /// Set once the connection closes or starts to close; later commands fail with it.
        var rejection: RedisError?

        mutating func scheduleWriteIfNeeded() -> EnqueueResult {
            if writeScheduled { return .queued }
            writeScheduled = true
            return .scheduleWrite
        }
    }

    private let state: NIOLockedValueBox<State>

    init(allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        self.state = NIOLockedValueBox(State(bytes: allocator.buffer(capacity: 1024)))
    }

    /// Encodes `command` behind the ones queued before it.
    func enqueue(_ command: RESPCommand, target: ReplyTarget, timeout: Duration?) -> EnqueueResult {
        state.withLockedValue { state in
            if let rejection = state.rejection { return .rejected(rejection) }
            command.writeRESP(into: &state.bytes)
            state.commands.append(QueuedCommand(target: target, timeout: timeout))
            return state.scheduleWriteIfNeeded()
        }
    }

    /// Encodes `commands` back to back, all answering into `collector`.
    func enqueue(batch commands: [RESPCommand], collector: BatchReplyCollector, timeout: Duration?) -> EnqueueResult {
        state.withLockedValue { state in
            if let rejection = state.rejection { return .rejected(rejection) }
            state.commands.reserveCapacity(state.commands.count + commands.count)
            // Replies come in order, so a deadline on the last command covers the whole batch.
            for (index, command) in commands.enumerated() {
                command.writeRESP(into: &state.bytes)
                let isLast = index == commands.count - 1
                state.commands.append(QueuedCommand(target: .batch(collector), timeout: isLast ? timeout : nil))
            }
            return state.scheduleWriteIfNeeded()
        }
    }

    /// Takes everything queued so far, to be written in one go (called on the event loop).
    func takeQueued() -> (bytes: ByteBuffer, commands: [QueuedCommand]) {
        state.withLockedValue { state in
            state.writeScheduled = false
            let taken = (state.bytes, state.commands)
            // The written buffer stays alive until the socket took it, so start a fresh one of a similar size.
            state.bytes = ByteBufferAllocator().buffer(capacity: max(1024, min(taken.0.readableBytes, 1 << 20)))
            state.commands = []
            state.commands.reserveCapacity(taken.1.count)
            return taken
        }
    }

    /// Refuses further commands with `error` and returns those queued but not yet written.
    func reject(with error: RedisError) -> [QueuedCommand] {
        state.withLockedValue { state in
            if state.rejection == nil { state.rejection = error }
            let unwritten = state.commands
            state.commands = []
            state.bytes.clear()
            return unwritten
        }
    }

    /// Refuses further commands but keeps the queued ones, which are still written (graceful close).
    func stopAccepting() {
        state.withLockedValue { state in
            if state.rejection == nil { state.rejection = .connectionClosed }
        }
    }
}

extension RESPCommand {
    /// Writes the command as a multibulk array of bulk strings, the form every server accepts.
    func writeRESP(into buffer: inout ByteBuffer) {
        RESPValueEncoder.writeArrayHeader(arguments.count, into: &buffer)
        for argument in arguments {
            RESPValueEncoder.writeBulkString(argument, into: &buffer)
        }
    }
}
