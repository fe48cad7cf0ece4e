import Logging
import NIOCore

/// The broker's durable record log: records are framed with a CRC-32C, appended to one file in the data
/// directory, fsynced per `FsyncPolicy`, replayed at start, and compacted by a background rewrite.
///
/// Owned by one thread (the broker's event loop); only the `everysec` fsync and the rewrite's snapshot
/// writing run elsewhere, on dispatch queues of their own.
public final class AppendLog {
    enum Phase { case needsReplay, open, closed }

    /// The configuration the log was opened with.
    public let configuration: Configuration
    /// The log file's path.
    public let path: String
    let logger: Logger
    let directory: DirectoryLock
    let shared: LockedBox<LogSharedState>
    let fsyncer: BackgroundFsync?

    var file: LogFile
    var phase = Phase.needsReplay
    /// Framed records appended since the last commit.
    var pending: ByteBuffer
    var fileSize: Int64
    /// Size after the last rewrite (or at open): the base of the automatic rewrite's growth.
    var baseSize: Int64
    var rewrite: RewriteJob?
    /// The last finished rewrite while its post-switch fsyncs may still run; `close()` waits for them.
    var settlingRewrite: RewriteJob?
    /// Bytes at the front of `pending` that were appended before the running rewrite started: its snapshot
    /// already holds them, so they go to the old file only.
    var rewriteSkip = 0

    /// Opens (or creates) the log in `configuration.directory` and locks the directory exclusively.
    public init(configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        path = configuration.filePath
        try FileSystem.createDirectories(configuration.directory)
        directory = try DirectoryLock(path: configuration.directory)
        let stale = RewriteJob.temporaryPath(for: path)
        if FileSystem.exists(stale) {
            // We hold the directory lock, so this is left over from a rewrite interrupted by a crash.
            logger.warning("removing \(stale), left by an interrupted rewrite")
            try FileSystem.remove(stale)
        }
        file = try LogFile.openForAppend(path: path)
        fileSize = try LogHeader.prepare(file: file, directory: directory, logger: logger)
        baseSize = fileSize
        pending = ByteBufferAllocator().buffer(capacity: 64 << 10)
        shared = LockedBox(LogSharedState(file: file))
        if configuration.fsync == .everysec {
            fsyncer = BackgroundFsync(interval: configuration.backgroundFsyncInterval, shared: shared, logger: logger)
        } else {
            fsyncer = nil
        }
    }

    deinit {
        if phase != .closed {
            do { try close() } catch { logger.error("closing \(path) failed: \(error)") }
        }
    }

    /// Buffers one record (1 byte to 1 GiB of payload) until the next `commit()`.
    public func append(_ payload: ByteBuffer) {
        precondition(phase != .closed, "append to the closed log \(path)")
        precondition(
            payload.readableBytes > 0 && payload.readableBytes <= LogFormat.maximumRecordLength,
            "a log record holds 1 byte to 1 GiB, got \(payload.readableBytes)")
        LogFormat.appendFrame(payload, to: &pending)
    }

    /// Writes buffered records to the file (one write() call); with .always also fsyncs before returning.
    ///
    /// If the log was not replayed, the first commit validates it first (cutting a damaged tail) so new
    /// records never land after garbage. When the write fails, the file is cut back and the records stay
    /// buffered for the next commit.
    public func commit() throws {
        switch phase {
        case .closed: throw AppendLogError.closed(path: path)
        case .needsReplay: _ = try replay { _ in }
        case .open: break
        }
        if let failure = shared.withLock({ $0.failure }) { throw AppendLogError.unusable(path: path, cause: failure) }
        guard pending.readableBytes > 0 else { return }
        do {
            try file.writeAll(pending)
        } catch {
            try recoverFromFailedWrite(error)
        }
        let count = pending.readableBytes
        if let rewrite {
            rewrite.appendToSideBuffer(pending.getSlice(at: pending.readerIndex + rewriteSkip, length: count - rewriteSkip)!)
        }
        rewriteSkip = 0
        fileSize += Int64(count)
        resetPending()
        shared.withLock { $0.statistics.bytesWritten += UInt64(count) }
        if configuration.fsync == .always { try syncOnOwner() }
    }

    /// Whether the file grew enough since the last rewrite for an automatic one (and none is running).
    public var needsRewrite: Bool {
        let percentage = Int64(configuration.autoRewritePercentage)
        guard phase == .open, rewrite == nil, percentage > 0, fileSize >= Int64(configuration.autoRewriteMinBytes)
        else { return false }
        let base = max(baseSize, 1)
        return (fileSize - base) * 100 / base >= percentage
    }

    /// Counters for INFO persistence.
    public var statistics: AppendLogStatistics {
        var statistics = shared.withLock { state in
            var statistics = state.statistics
            statistics.writesAccepted = state.failure == nil
            return statistics
        }
        statistics.currentSize = fileSize
        statistics.baseSize = baseSize
        statistics.rewriteInProgress = rewrite != nil
        return statistics
    }

    /// Commits what is buffered, abandons a running rewrite, fsyncs (whatever the policy, as Redis does at
    /// shutdown) and releases the directory lock. Later calls do nothing.
    public func close() throws {
        guard phase != .closed else { return }
        var firstError: Error?
        if let rewrite {
            rewrite.cancelAndWait()
            abandonRewrite(rewrite, failed: false)
        }
        if pending.readableBytes > 0 {
            do { try commit() } catch { firstError = error }
        }
        fsyncer?.stop()
        settlingRewrite?.waitForBackground()
        settlingRewrite = nil
        if firstError == nil {
            do { try syncOnOwner() } catch { firstError = error }
        }
        phase = .closed
        directory.release()
        if let firstError { throw firstError }
    }

    /// Fsyncs the current file on the calling thread and counts it.
    func syncOnOwner() throws {
        let mark = shared.withLock { $0.statistics.bytesWritten }
        let started = ContinuousClock.now
        do {
            try file.sync()
        } catch {
            shared.withLock { state in
                state.statistics.ioErrors += 1
                if state.failure == nil { state.failure = "\(error)" }
            }
            throw error
        }
        let elapsed = ContinuousClock.now - started
        shared.withLock { $0.recordFsync(duration: elapsed, covering: mark) }
    }

    /// Cuts off whatever part of a failed write reached the file; if even that fails, the file may hold a
    /// torn frame that would hide later records, so the log stops accepting commits.
    private func recoverFromFailedWrite(_ error: Error) throws -> Never {
        shared.withLock { $0.statistics.ioErrors += 1 }
        do {
            try file.truncate(to: fileSize)
        } catch {
            shared.withLock { state in
                if state.failure == nil { state.failure = "a failed write could not be cut back: \(error)" }
            }
        }
        logger.error("append log write failed: \(error)")
        throw error
    }

    private func resetPending() {
        // A burst can grow the buffer a lot; don't keep megabytes around for the common small commit.
        if pending.capacity > 4 << 20 {
            pending = ByteBufferAllocator().buffer(capacity: 64 << 10)
        } else {
            pending.clear()
        }
    }
}
