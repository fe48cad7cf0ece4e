import NIOCore
import NIOPosix

/// The threads batches are planned and run on, off the Swift concurrency pool: a model call blocks its
/// thread for as long as it computes, and on the cooperative pool that would stall the reads and writes
/// that keep the next batches coming.
final class ModelWorkers: Sendable {
    private let pool: NIOThreadPool
    private let eventLoop: any EventLoop

    /// Starts `threads` worker threads.
    init(threads: Int, eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) {
        pool = NIOThreadPool(numberOfThreads: max(threads, 1))
        pool.start()
        self.eventLoop = eventLoop
    }

    /// Runs `body` on a worker thread. Deliberately not cancelled with the calling task: a batch that was
    /// read is finished, so graceful shutdown can acknowledge it.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await pool.runIfActive(eventLoop: eventLoop, body).get()
    }

    /// Stops the threads once the work already queued has run.
    func shutdown() {
        pool.shutdownGracefully { _ in }
    }
}
