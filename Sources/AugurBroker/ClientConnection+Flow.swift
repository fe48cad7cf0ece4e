import AugurRESP
import NIOCore

extension ClientConnection {
    /// Largest reply buffer kept between ticks; a bigger one is released after its flush.
    static let retainedOutputCapacity = 1 << 20

    /// Encodes one reply after the ones before it; it is released at the end of the tick.
    func write(_ reply: RESPValue) {
        if case .error = reply { core.statistics.errorReplies += 1 }
        if let inProcess {
            inProcess.append(reply)
            core.markDirty(self)
            return
        }
        RESPValueEncoder.write(reply, protocolVersion: protocolVersion, into: &output)
        noteOutputWritten()
    }

    /// Encodes an error reply (`text` includes its prefix, such as `ERR`).
    func writeError(_ text: String) {
        core.statistics.errorReplies += 1
        if let inProcess {
            inProcess.append(.error(text))
            core.markDirty(self)
            return
        }
        RESPValueEncoder.writeError(text, into: &output)
        noteOutputWritten()
    }

    private func noteOutputWritten() {
        core.markDirty(self)
        if output.readableBytes >= core.configuration.clientOutputPauseBytes {
            outputPaused = true
        }
    }

    /// Waits for the engine to wake this client; `timeout` nil waits forever.
    func block(timeout: Duration?) {
        var scheduled: Scheduled<Void>?
        if let timeout {
            let nanoseconds = timeout.components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
            let amount: TimeAmount =
                nanoseconds.overflow
                ? .hours(24 * 365 * 100) : .nanoseconds(nanoseconds.partialValue + timeout.components.attoseconds / 1_000_000_000)
            scheduled = core.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: amount) { [self] in
                guard case .blocked = phase else { return }
                core.blockTimedOut(self)
            }
        }
        phase = .blocked(timeout: scheduled)
    }

    /// Ends a block with `reply`; the commands sent after the blocking one run in the coming tick.
    func unblock(with reply: RESPValue) {
        guard case .blocked(let timeout) = phase else { return }
        timeout?.cancel()
        phase = .running
        write(reply)
        core.markResumable(self)
    }

    /// Runs the commands waiting in `input`, then reads again if reading was held.
    func resume() {
        processInput()
        finishIfInputDone()
        if readHeld, !shouldHoldReads, let context {
            readHeld = false
            context.read()
        }
    }

    /// Closes once everything sent before EOF was answered (a partial last command is dropped).
    func finishIfInputDone() {
        guard inputClosed, canRun else { return }
        closeAfterFlush = true
        core.markDirty(self)
    }

    /// Closes once the replies written so far are flushed (QUIT).
    func closeAfterReplies() {
        closeAfterFlush = true
        core.markDirty(self)
    }

    /// Releases the replies of this tick (the log holds their writes), then enforces the output limits.
    func flush() {
        if let inProcess {
            guard !isClosed else { return }
            inProcess.release()
            if closeAfterFlush { close() }
            return
        }
        guard let context, !isClosed else { return }
        if output.readableBytes > 0 {
            let promise: EventLoopPromise<Void>? = closeAfterFlush ? context.eventLoop.makePromise() : nil
            context.writeAndFlush(wrapOutboundOut(output), promise: promise)
            if output.capacity > Self.retainedOutputCapacity {
                // One huge reply should not pin its buffer for the life of the connection.
                output = context.channel.allocator.buffer(capacity: 1024)
            } else {
                output.clear()
            }
            if let promise {
                promise.futureResult.assumeIsolated().whenComplete { [self] _ in close() }
                return
            }
        } else if closeAfterFlush {
            close()
            return
        }
        enforceOutputLimits(context)
    }

    /// The log could not take this tick's writes, so its replies must not reach the client: close without them.
    func dropUnacknowledged() {
        output.clear()
        close()
    }

    /// Closes now; pending replies not yet flushed are dropped.
    func close() {
        if let inProcess {
            guard !isClosed else { return }
            if case .blocked(let timeout) = phase { timeout?.cancel() }
            phase = .closed
            core.unregister(self)
            inProcess.failAll()
            return
        }
        guard let context, !isClosed else { return }
        if case .blocked(let timeout) = phase { timeout?.cancel() }
        context.close(promise: nil)
    }

    /// Writes what is pending, then closes once the socket took it (graceful shutdown).
    func closeWhenDrained() {
        if inProcess != nil {
            flush()
            close()
            return
        }
        guard let context, !isClosed else { return }
        if case .blocked(let timeout) = phase {
            timeout?.cancel()
            phase = .running
        }
        input = nil
        closeAfterFlush = true
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(output), promise: promise)
        output.clear()
        promise.futureResult.assumeIsolated().whenComplete { [self] _ in close() }
    }

    /// Disconnects a client whose unsent replies passed the hard limit, or the soft limit for too long;
    /// pauses its commands while the socket cannot take more.
    func enforceOutputLimits(_ context: ChannelHandlerContext, now: NIODeadline = .now()) {
        let limits = core.configuration.clientOutputBufferLimit
        let pending = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        if limits.hardBytes > 0, pending > limits.hardBytes {
            disconnectSlowReader(pending: pending, reason: "hard limit")
            return
        }
        if limits.softBytes > 0, pending > limits.softBytes {
            let since = softLimitSince ?? now
            softLimitSince = since
            if now - since >= .seconds(Int64(limits.softSeconds)) {
                disconnectSlowReader(pending: pending, reason: "soft limit")
                return
            }
        } else {
            softLimitSince = nil
        }
        if !context.channel.isWritable {
            outputPaused = true
        } else if outputPaused {
            outputPaused = false
            core.markResumable(self)
        }
    }

    private func disconnectSlowReader(pending: Int, reason: String) {
        core.statistics.outputLimitDisconnections += 1
        core.logger.notice(
            "client scheduled to be closed for overcoming of output buffer limits",
            metadata: ["client": "\(id)", "addr": "\(remoteAddress)", "pendingBytes": "\(pending)", "limit": "\(reason)"])
        close()
    }

    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }
}
