import Dispatch
import Logging

/// The `everysec` policy: a timer on its own dispatch queue (not the Swift cooperative pool, since fsync
/// blocks) fsyncs the current log file whenever bytes were written since the last fsync.
final class BackgroundFsync {
    private let queue = DispatchQueue(label: "augur.appendlog.fsync", qos: .utility)
    private let timer: DispatchSourceTimer

    init(interval: Duration, shared: LockedBox<LogSharedState>, logger: Logger) {
        timer = DispatchSource.makeTimerSource(queue: queue)
        let nanoseconds = interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
        let period = DispatchTimeInterval.nanoseconds(Int(max(nanoseconds, 1_000_000)))
        timer.schedule(deadline: .now() + period, repeating: period, leeway: .milliseconds(10))
        timer.setEventHandler {
            Self.syncIfDirty(shared: shared, logger: logger)
        }
        timer.resume()
    }

    /// Stops the timer and waits for an fsync in flight to finish.
    func stop() {
        timer.cancel()
        queue.sync {}
    }

    private static func syncIfDirty(shared: LockedBox<LogSharedState>, logger: Logger) {
        let (file, mark, dirty) = shared.withLock { state in
            (state.file, state.statistics.bytesWritten, state.statistics.bytesWritten > state.syncedMark)
        }
        guard dirty else { return }
        let started = ContinuousClock.now
        do {
            try file.sync()
            let elapsed = ContinuousClock.now - started
            shared.withLock { $0.recordFsync(duration: elapsed, covering: mark) }
        } catch {
            // Linux may drop the dirty pages after a failed fsync, so a later success proves nothing:
            // the log refuses commits until a rewrite has written everything afresh.
            shared.withLock { state in
                state.statistics.ioErrors += 1
                if state.failure == nil { state.failure = "\(error)" }
            }
            logger.error("background fsync failed: \(error)")
        }
    }
}
