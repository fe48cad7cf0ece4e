import NIOCore
import NIOPosix

/// The threads batches are planned and run on, off the Swift concurrency pool: a model call blocks its
/// thread for as long as it computes, and on the cooperative pool that would stall the reads and writes
/// that keep the next batches coming.
final class ModelWorkers: Sendable {
    private let pool: NIOThreadPool

    /// Starts `threads` worker threads.
    init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: max(threads, 1))
        pool.start()
    }

    /// Runs `body` on a worker thread, which resumes the caller itself (no event loop in between: that
    /// would be one more thread to wake per batch). Deliberately not cancelled with the calling task: a
    /// batch that was read is finished, so graceful shutdown can acknowledge it. Throws
    /// `NIOThreadPoolError.ThreadPoolInactive` once the pool has shut down.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            pool.submit { state in
                switch state {
                case .active: continuation.resume(returning: body())
                case .cancelled: continuation.resume(throwing: NIOThreadPoolError.ThreadPoolInactive())
                }
            }
        }
    }

    /// Stops the threads once the work already queued has run.
    func shutdown() {
        pool.shutdownGracefully { _ in }
    }
}
