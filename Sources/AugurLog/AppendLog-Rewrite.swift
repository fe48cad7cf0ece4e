import NIOCore

extension AppendLog {
    /// Starts a rewrite: `writeSnapshot` runs on a background thread and emits the records that rebuild state;
    /// records appended meanwhile go to both the old file and a side buffer; `pollRewrite()` (called by the
    /// owner each loop tick) finishes it: appends the side buffer, fsyncs, renames atomically, switches fds.
    ///
    /// The snapshot must hold exactly the effect of the records appended before this call, committed or not.
    public func startRewrite(
        _ writeSnapshot: @escaping @Sendable ((ByteBuffer) throws -> Void) throws -> Void
    ) throws {
        switch phase {
        case .closed: throw AppendLogError.closed(path: path)
        case .needsReplay: _ = try replay { _ in }
        case .open: break
        }
        guard rewrite == nil else { throw AppendLogError.rewriteInProgress(path: path) }
        let job = try RewriteJob(logPath: path, ownerTailLimit: configuration.rewriteOwnerTailLimit)
        rewriteSkip = pending.readableBytes
        rewrite = job
        job.start(writeSnapshot)
        logger.info("background rewrite of \(path) started at \(fileSize) bytes")
    }

    /// Finishes a rewrite whose background part is done; nil while running or idle. A failed rewrite throws
    /// once and leaves the old log in use; the next automatic one waits for another full growth step.
    public func pollRewrite() throws -> RewriteResult? {
        guard let job = rewrite else { return nil }
        switch job.poll() {
        case .wait:
            return nil
        case .failed(let error):
            abandonRewrite(job)
            logger.error("\(error)")
            throw error
        case .finish(let tail, let snapshotRecords, let sideBytes):
            let pauseStarted = ContinuousClock.now
            let newSize: Int64
            do {
                try job.temp.writeAll(tail)
                // Under `always` the tail's records were acknowledged as durable in the old file, so the new
                // file must hold them durably before it replaces the old one.
                if configuration.fsync == .always { try job.temp.sync() }
                newSize = try job.temp.size()
                try FileSystem.rename(job.tempPath, to: path)
            } catch {
                abandonRewrite(job)
                let failure = AppendLogError.rewriteFailed(path: path, reason: "\(error)")
                logger.error("\(failure)")
                throw failure
            }
            // The rename happened: from here on the new file is the log, whatever else fails.
            let previousSize = fileSize
            switchTo(job.temp, size: newSize, duration: ContinuousClock.now - job.started)
            if configuration.fsync == .always {
                // A post-switch commit must not be acknowledged while the rename could still be undone.
                try directory.sync()
            } else {
                // Until these fsyncs finish, a crash may bring back the old file (it holds every record committed
                // before the switch) or cut the new file's unsynced tail: only the last moments are at risk, as
                // `everysec` and `no` allow. Keeping them off the owner keeps its pause well under a millisecond.
                job.settleInBackground(directoryPath: configuration.directory, shared: shared, logger: logger)
                settlingRewrite = job
            }
            let finished = ContinuousClock.now
            let result = RewriteResult(
                previousSize: previousSize, newSize: newSize, snapshotRecords: snapshotRecords,
                sideBufferBytes: sideBytes, ownerWrittenBytes: tail.readableBytes, duration: finished - job.started,
                ownerPause: finished - pauseStarted)
            let summary =
                "rewrote \(path): \(result.previousSize) -> \(result.newSize) bytes, \(snapshotRecords) snapshot "
                + "record(s) + \(sideBytes) bytes appended meanwhile (\(tail.readableBytes) on the owner thread), "
                + "took \(result.duration), owner pause \(result.ownerPause)"
            logger.info("\(summary)")
            return result
        }
    }

    private func switchTo(_ newFile: LogFile, size: Int64, duration: Duration) {
        file = newFile
        fileSize = size
        baseSize = size
        rewrite = nil
        // Records appended before the rewrite started but never committed are part of its snapshot.
        if rewriteSkip > 0 {
            pending.moveReaderIndex(forwardBy: rewriteSkip)
            rewriteSkip = 0
        }
        shared.withLock { state in
            state.file = newFile
            state.statistics.rewrites += 1
            state.statistics.lastRewriteSucceeded = true
            state.statistics.lastRewriteDuration = duration
            // The new file was written afresh from memory and fsynced, so earlier I/O failures are behind us.
            state.failure = nil
        }
    }

    /// Drops a rewrite that failed or was cancelled; the old file stays the log.
    func abandonRewrite(_ job: RewriteJob, failed: Bool = true) {
        rewrite = nil
        rewriteSkip = 0
        baseSize = fileSize
        do { try FileSystem.remove(job.tempPath) } catch { logger.warning("\(error)") }
        if failed {
            shared.withLock { state in
                state.statistics.failedRewrites += 1
                state.statistics.lastRewriteSucceeded = false
            }
        }
    }
}
