import AugurRESP

/// Where the reply to one pipelined command goes when it arrives.
enum ReplyTarget: Sendable {
    /// A single `send`: error replies are thrown as `RedisError.server`.
    case single(UnsafeContinuation<RESPValue, any Error>)
    /// One command of a `sendBatch`: the reply, error or not, takes its place in the batch's results.
    case batch(BatchReplyCollector)

    /// Hands a reply to the waiter.
    func deliver(_ reply: RESPValue) {
        switch self {
        case .single(let continuation):
            switch reply {
            case .error(let text):
                continuation.resume(throwing: RedisError(serverErrorText: text))
            case .blobError(let bytes):
                continuation.resume(throwing: RedisError(serverErrorText: String(buffer: bytes)))
            default:
                continuation.resume(returning: reply)
            }
        case .batch(let collector):
            collector.add(reply)
        }
    }

    /// Fails the waiter; a batch fails once, on its first failed command.
    func fail(_ error: RedisError) {
        switch self {
        case .single(let continuation):
            continuation.resume(throwing: error)
        case .batch(let collector):
            collector.fail(error)
        }
    }
}

/// Gathers the replies of one `sendBatch` and resumes its caller once, when the last one arrives or the
/// first one fails.
///
/// `@unchecked Sendable`: it is created by the sending task, but from the moment it is queued only the
/// connection's event loop touches it (replies, failures and timeouts all run there).
final class BatchReplyCollector: @unchecked Sendable {
    private var replies: [RESPValue]
    private let expected: Int
    private var continuation: CheckedContinuation<[RESPValue], any Error>?

    init(expected: Int, continuation: CheckedContinuation<[RESPValue], any Error>) {
        self.expected = expected
        self.replies = []
        self.replies.reserveCapacity(expected)
        self.continuation = continuation
    }

    func add(_ reply: RESPValue) {
        guard let continuation else { return }
        replies.append(reply)
        if replies.count == expected {
            self.continuation = nil
            continuation.resume(returning: replies)
        }
    }

    func fail(_ error: RedisError) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(throwing: error)
    }
}
