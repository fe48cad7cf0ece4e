import Dispatch
import Logging
import NIOCore

/// One background rewrite: writes the snapshot's records to a temporary file on a dispatch queue of its own,
/// then drains the side buffer of records committed meanwhile, until little enough is left for the owner
/// thread to finish with one small write.
final class RewriteJob: Sendable {
    enum Phase: Sendable {
        case snapshotting
        /// Snapshot written; the background is moving the side buffer into the temporary file.
        case draining
        /// The temporary file is fsynced; the owner appends what is left of the side buffer and switches.
        case ready
        case failed(AppendLogError)
    }

    struct State {
        var phase = Phase.snapshotting
        var side = ByteBufferAllocator().buffer(capacity: 0)
        var sideBytes = 0
        var snapshotRecords = 0
        var cancelled = false
    }

    /// What the owner should do after `poll()`.
    enum PollAction {
        case wait
        case failed(AppendLogError)
        case finish(tail: ByteBuffer, snapshotRecords: Int, sideBytes: Int)
    }

    private static let writeChunk = 1 << 20

    let state = LockedBox(State())
    let temp: LogFile
    let logPath: String
    let ownerTailLimit: Int
    let started = ContinuousClock.now
    private let queue = DispatchQueue(label: "augur.appendlog.rewrite", qos: .utility)
    private let running = DispatchGroup()

    static func temporaryPath(for logPath: String) -> String { logPath + ".rewrite-tmp" }

    var tempPath: String { temp.path }

    init(logPath: String, ownerTailLimit: Int) throws {
        self.logPath = logPath
        self.ownerTailLimit = ownerTailLimit
        temp = try LogFile.openForAppend(path: Self.temporaryPath(for: logPath), truncate: true)
        try LogFormat.header.withUnsafeBytes { try temp.writeAll($0) }
    }

    /// Runs `writeSnapshot` on the rewrite queue.
    func start(_ writeSnapshot: @escaping @Sendable ((ByteBuffer) throws -> Void) throws -> Void) {
        queue.async(group: running) { self.writeSnapshot(writeSnapshot) }
    }

    /// Keeps a copy of bytes just committed to the old file; they follow the snapshot in the new one.
    func appendToSideBuffer(_ bytes: ByteBuffer) {
        guard bytes.readableBytes > 0 else { return }
        state.withLock { state in
            state.side.writeImmutableBuffer(bytes)
            state.sideBytes += bytes.readableBytes
        }
    }

    /// Called by the owner each tick; hands over the final part of the side buffer once it is small.
    func poll() -> PollAction {
        let (action, redrain): (PollAction, Bool) = state.withLock { state in
            switch state.phase {
            case .snapshotting, .draining:
                return (.wait, false)
            case .failed(let error):
                return (.failed(error), false)
            case .ready:
                if state.side.readableBytes > ownerTailLimit {
                    state.phase = .draining
                    return (.wait, true)
                }
                let tail = state.side
                state.side = ByteBufferAllocator().buffer(capacity: 0)
                return (.finish(tail: tail, snapshotRecords: state.snapshotRecords, sideBytes: state.sideBytes), false)
            }
        }
        if redrain { queue.async(group: running) { self.drain() } }
        return action
    }

    /// After the switch, fsyncs the new log and the directory on the rewrite queue instead of the owner
    /// thread; a failure makes the log refuse commits, as a failed background fsync does.
    func settleInBackground(directoryPath: String, shared: LockedBox<LogSharedState>, logger: Logger) {
        queue.async(group: running) { [temp] in
            let started = ContinuousClock.now
            do {
                try temp.sync()
                try FileSystem.syncDirectory(directoryPath)
                let elapsed = ContinuousClock.now - started
                shared.withLock { state in
                    state.statistics.fsyncs += 1
                    state.statistics.lastFsyncDuration = elapsed
                }
            } catch {
                shared.withLock { state in
                    state.statistics.ioErrors += 1
                    if state.failure == nil { state.failure = "\(error)" }
                }
                logger.error("fsync after the rewrite switch failed: \(error)")
            }
        }
    }

    /// Waits for whatever runs on the rewrite queue.
    func waitForBackground() {
        running.wait()
    }

    /// Makes the snapshot writer stop at its next record and waits for the background work to end.
    func cancelAndWait() {
        state.withLock { $0.cancelled = true }
        running.wait()
    }

    private func writeSnapshot(_ writeSnapshot: @Sendable ((ByteBuffer) throws -> Void) throws -> Void) {
        do {
            var chunk = ByteBufferAllocator().buffer(capacity: Self.writeChunk + (64 << 10))
            var count = 0
            try writeSnapshot { payload in
                guard payload.readableBytes > 0 && payload.readableBytes <= LogFormat.maximumRecordLength else {
                    throw AppendLogError.rewriteFailed(
                        path: logPath, reason: "the snapshot writer emitted a record of \(payload.readableBytes) bytes")
                }
                if count & 255 == 0, state.withLock({ $0.cancelled }) {
                    throw AppendLogError.rewriteCancelled(path: logPath)
                }
                LogFormat.appendFrame(payload, to: &chunk)
                count += 1
                if chunk.readableBytes >= Self.writeChunk {
                    try temp.writeAll(chunk)
                    chunk.clear()
                }
            }
            try temp.writeAll(chunk)
            state.withLock { state in
                state.snapshotRecords = count
                state.phase = .draining
            }
        } catch {
            fail(error)
            return
        }
        drain()
    }

    /// Moves the side buffer into the temporary file until one take is small, then fsyncs it.
    private func drain() {
        do {
            while true {
                let chunk: ByteBuffer? = state.withLock { state in
                    if state.cancelled { return nil }
                    let chunk = state.side
                    state.side = ByteBufferAllocator().buffer(capacity: 0)
                    return chunk
                }
                guard let chunk else { throw AppendLogError.rewriteCancelled(path: logPath) }
                try temp.writeAll(chunk)
                if chunk.readableBytes <= ownerTailLimit { break }
            }
            try temp.sync()
            state.withLock { $0.phase = .ready }
        } catch {
            fail(error)
        }
    }

    private func fail(_ error: Error) {
        let failure: AppendLogError
        switch error {
        case AppendLogError.rewriteCancelled, AppendLogError.rewriteFailed: failure = error as! AppendLogError
        default: failure = .rewriteFailed(path: logPath, reason: "\(error)")
        }
        state.withLock { $0.phase = .failed(failure) }
    }
}
