import NIOCore

/// The periodic housekeeping (10 times a second, like Redis's hz 10) and the orderly stop.
extension BrokerCore {
    /// How long shutdown waits for clients to take their last replies before closing them anyway.
    static let shutdownDrainTime = TimeAmount.seconds(5)

    func startCron() {
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        cron = eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
            bound.value.runCron()
        }
    }

    private func runCron() {
        guard state == .running else { return }
        cronRuns += 1
        if persistenceError != nil { _ = commitMutations() }
        pollRewrite()
        guard cronRuns % 10 == 0 else { return }
        let now = NIODeadline.now()
        let idleLimit = configuration.idleTimeoutSeconds
        for connection in connections.values {
            if idleLimit > 0, !connection.isBlocked, now - connection.lastInteraction > .seconds(Int64(idleLimit)) {
                logger.debug("closing idle client", metadata: ["client": "\(connection.id)"])
                connection.close()
                continue
            }
            // A client that stopped reading gets no flushes, so its soft limit is checked here.
            if connection.outputPaused || connection.softLimitSince != nil, let context = connection.context {
                connection.enforceOutputLimits(context, now: now)
            }
        }
    }

    /// Stops accepting, releases replies already computed, closes every client, then commits and closes the log.
    func beginShutdown() {
        guard state == .running else { return }
        state = .shuttingDown
        logger.notice("broker shutting down", metadata: ["clients": "\(connections.count)"])
        cron?.cancel()
        cron = nil
        serverChannel?.close(promise: nil)
        runTick()
        guard !connections.isEmpty else {
            finishShutdown()
            return
        }
        for connection in connections.values {
            connection.closeWhenDrained()
        }
        eventLoop.assumeIsolated().scheduleTask(in: Self.shutdownDrainTime) { [self] in
            for connection in connections.values { connection.close() }
        }
    }

    /// The last step of shutdown, once no client is left.
    func finishShutdown() {
        guard state == .shuttingDown else { return }
        state = .stopped
        _ = commitMutations()
        do {
            try log.close()
            logger.notice("log committed and closed; broker stopped")
        } catch {
            logger.error("closing the log failed", metadata: ["error": "\(error)"])
        }
        stopped.succeed()
    }
}
