import AugurRESP
import NIOCore

/// Why an in-process session could not answer.
enum InProcessSessionError: Error {
    /// The session closed (the broker is stopping, or could not log the tick's writes) before the replies
    /// were released.
    case closed
}

/// The command queue and reply side of an in-process session: commands arrive as values instead of bytes,
/// and replies are kept as values (in their RESP2 shape), released batch by batch once the tick that
/// computed them is committed to the log, exactly when a socket client's replies would be flushed.
final class InProcessReplies {
    typealias Completion = (Result<[RESPValue], InProcessSessionError>) -> Void

    /// Commands submitted and not run yet (the session is blocked, or they wait their turn).
    var queued = CircularBuffer<RESPCommand>()
    /// Replies computed since the last release.
    private var unflushed: [RESPValue] = []
    /// Released replies not yet enough to complete the oldest waiting batch.
    private var released: [RESPValue] = []
    /// Each submitted batch, oldest first: how many replies it waits for, and who waits.
    private var waiting = CircularBuffer<(count: Int, completion: Completion)>()

    /// Queues `commands`; `completion` gets their replies, in order, once all are released.
    func submit(_ commands: [RESPCommand], completion: @escaping Completion) {
        waiting.append((commands.count, completion))
        queued.append(contentsOf: commands)
    }

    /// Keeps the reply of the command just run, until the tick is committed.
    func append(_ reply: RESPValue) {
        unflushed.append(reply.resp2Shape)
    }

    /// Releases the committed tick's replies to the batches they complete.
    func release() {
        if released.isEmpty {
            swap(&released, &unflushed)
        } else {
            released.append(contentsOf: unflushed)
            unflushed.removeAll(keepingCapacity: true)
        }
        while let oldest = waiting.first, released.count >= oldest.count {
            waiting.removeFirst()
            let replies: [RESPValue]
            if released.count == oldest.count {
                replies = released
                released = []
            } else {
                replies = Array(released.prefix(oldest.count))
                released.removeFirst(oldest.count)
            }
            oldest.completion(.success(replies))
        }
    }

    /// Drops every queued command and reply and fails every waiting batch.
    func failAll() {
        queued.removeAll()
        unflushed.removeAll()
        released.removeAll()
        let batches = waiting
        waiting.removeAll()
        for batch in batches { batch.completion(.failure(.closed)) }
    }
}
