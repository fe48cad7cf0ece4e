import AugurCommands
import AugurLog
import Logging
import NIOCore

extension BrokerCore {
    /// Opens the log in the data directory and replays it into a new engine. Runs on the event loop,
    /// before the listener opens, so no client sees a half-loaded state.
    static func open(
        configuration: BrokerConfiguration, eventLoop: any EventLoop, logger: Logger, stopped: EventLoopPromise<Void>
    ) throws -> BrokerCore {
        let log = try AppendLog(configuration: configuration.appendLogConfiguration, logger: logger)
        let engine = StreamEngine()
        let started = NIODeadline.now()
        let report: ReplayReport
        do {
            report = try log.replay { record in try engine.replay(record: record) }
        } catch {
            try? log.close()
            throw BrokerServerError.replayFailed(path: configuration.appendLogConfiguration.filePath, reason: "\(error)")
        }
        let elapsed = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        logger.notice(
            "log replayed",
            metadata: [
                "file": "\(configuration.appendLogConfiguration.filePath)", "records": "\(report.records)",
                "bytes": "\(report.fileSize)", "keys": "\(engine.keyCount)",
                "seconds": "\(String(format3: elapsed))",
            ])
        if let damage = report.damage {
            logger.warning("log tail was damaged and cut", metadata: ["damage": "\(damage)"])
        }
        let core = BrokerCore(
            configuration: configuration, eventLoop: eventLoop, logger: logger, engine: engine, log: log,
            stopped: stopped)
        core.statistics.recordsReplayed = UInt64(report.records)
        return core
    }

    /// Moves the engine's new mutation records into the log's buffer (not yet written).
    func appendMutations() -> Int {
        var records = 0
        engine.drainMutations { record in
            log.append(record)
            records += 1
        }
        uncommittedRecords += records
        return records
    }

    /// Appends the tick's records and commits them once. Returns whether the tick's replies may be released:
    /// false when the commit failed and this tick wrote records (their replies would acknowledge lost writes).
    func commitMutations() -> Bool {
        let appended = appendMutations()
        guard uncommittedRecords > 0 || persistenceError != nil else { return true }
        do {
            try log.commit()
            statistics.commits += 1
            statistics.recordsCommitted += UInt64(uncommittedRecords)
            uncommittedRecords = 0
            if persistenceError != nil {
                persistenceError = nil
                logger.notice("log is writable again")
            }
            return true
        } catch {
            statistics.commitFailures += 1
            if persistenceError == nil {
                logger.error(
                    "log commit failed; refusing writes until the log can be written again",
                    metadata: ["error": "\(error)"])
            }
            persistenceError = "\(error)"
            return appended == 0
        }
    }

    /// Starts a rewrite when the log grew enough (or a failure must be repaired) and finishes one that is done.
    func pollRewrite() {
        if rewriteInProgress {
            do {
                if let result = try log.pollRewrite() {
                    rewriteInProgress = false
                    statistics.rewritesFinished += 1
                    logger.notice(
                        "log rewrite finished",
                        metadata: [
                            "previousBytes": "\(result.previousSize)", "newBytes": "\(result.newSize)",
                            "records": "\(result.snapshotRecords)", "duration": "\(result.duration)",
                        ])
                }
            } catch {
                rewriteInProgress = false
                nextRewriteAttempt = .now() + .seconds(5)
                logger.error("log rewrite failed; will retry", metadata: ["error": "\(error)"])
            }
            return
        }
        guard state == .running, log.needsRewrite || persistenceError != nil, NIODeadline.now() >= nextRewriteAttempt
        else { return }
        startRewrite()
    }

    /// Starts a background rewrite from a copy-on-write snapshot; false if one could not start.
    @discardableResult
    func startRewrite() -> Bool {
        guard !rewriteInProgress else { return false }
        // The snapshot must hold exactly what the log was given before the rewrite starts.
        _ = appendMutations()
        let snapshot = engine.snapshot()
        do {
            try log.startRewrite { sink in try snapshot.forEachRebuildRecord(sink) }
            rewriteInProgress = true
            statistics.rewritesStarted += 1
            logger.info("log rewrite started", metadata: ["keys": "\(engine.keyCount)"])
            return true
        } catch {
            nextRewriteAttempt = .now() + .seconds(5)
            logger.error("log rewrite could not start", metadata: ["error": "\(error)"])
            return false
        }
    }
}

extension String {
    /// A number with three decimals, without Foundation.
    init(format3 value: Double) {
        let scaled = Int((value * 1000).rounded())
        let fraction = String(abs(scaled) % 1000)
        self = "\(scaled / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
