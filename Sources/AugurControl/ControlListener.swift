import AugurModels
import AugurRedisClient
import Foundation
import Logging

/// Keeps one daemon's models in line with the control channel, and tells the fleet what it serves.
///
/// `replay()` folds every command already on the channel into the desired state and applies it; `follow()`
/// then applies each new command as it arrives (every daemon reads every command: a broadcast, not a
/// group), reports the outcome, and sends a heartbeat report every `reportInterval`. A command that fails (a
/// version that does not load, a promote without canary) is reported as `outcome=failed`; the daemon keeps
/// serving what it had. Channel errors are retried with backoff.
public final class ControlListener: Sendable {
    /// The configuration in force.
    public let configuration: ControlConfiguration
    /// Where commands are read and reports written.
    public let channel: any ControlChannel
    let host: ModelHost
    let logger: Logger
    let progress = ListenerProgress()

    /// Creates a listener on `channel`; `configuration.stream` is not used (the channel names its own).
    public init(channel: any ControlChannel, host: ModelHost, configuration: ControlConfiguration, logger: Logger) {
        self.channel = channel
        self.host = host
        self.configuration = configuration
        self.logger = logger
    }

    /// Creates a listener on the Redis-protocol stream `configuration.stream`. `reader` carries the blocking
    /// XREAD, so it should be a connection of its own; `writer` sends the reports.
    public convenience init(
        reader: any RedisCommandSending,
        writer: any RedisBatchSending,
        host: ModelHost,
        configuration: ControlConfiguration,
        logger: Logger
    ) {
        self.init(
            channel: RedisControlChannel(stream: configuration.stream, reader: reader, writer: writer),
            host: host,
            configuration: configuration,
            logger: logger
        )
    }

    /// Folds the whole control channel and applies the result to the host, then sends the start-up report;
    /// returns when the desired state serves (or its loads failed, which are logged). Throws when the
    /// channel cannot be read.
    public func replay() async throws {
        let (entries, last) = try await channel.entries(after: .start)
        var control = ControlState()
        for entry in entries {
            if case .command(let command)? = ControlEntry.read(entry, channel: channel.name, logger: logger) {
                control.apply(command)
            }
        }
        progress.update { $0.position = last }
        for name in control.order {
            guard let desired = control.models[name] else { continue }
            await apply(desired, to: name)
        }
        logger.info(
            "control channel replayed",
            metadata: [
                "entries": "\(entries.count)", "models": "\(control.order.count)", "daemon": "\(configuration.daemonName)",
                "channel": "\(channel.name)",
            ]
        )
        do {
            try await report(outcome: nil)
        } catch {
            logger.warning("could not send the start-up report; the heartbeat will", metadata: ["error": "\(error)"])
        }
    }

    /// Until the task is cancelled: applies new commands, reports each outcome, sends heartbeats; retries
    /// with backoff when the channel fails.
    public func follow() async {
        var unsent: [DaemonReport.CommandOutcome] = []
        var failures = 0
        let backoff = ReconnectBackoff(minDelay: .milliseconds(100), maxDelay: .seconds(5))
        while !Task.isCancelled {
            do {
                while let outcome = unsent.first {
                    try await report(outcome: outcome)
                    unsent.removeFirst()
                }
                if progress.update({ $0.heartbeatDue(every: configuration.reportInterval) }) {
                    try await report(outcome: nil)
                }
                let position = progress.update { $0.position }
                let entries = try await channel.nextEntries(after: position, limit: 100, timeout: configuration.block)
                failures = 0
                for entry in entries {
                    progress.update { $0.position = entry.position }
                    guard case .command(let command)? = ControlEntry.read(entry, channel: channel.name, logger: logger) else {
                        continue
                    }
                    unsent.append(await apply(command))
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "control channel unavailable; retrying",
                    metadata: ["attempt": "\(failures + 1)", "error": "\(error)", "channel": "\(channel.name)"]
                )
                let delay = backoff.delay(attempt: failures)
                failures += 1
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    return
                }
            }
        }
    }

    /// Sends a report of what the host serves now; a heartbeat (no outcome) replaces this daemon's previous
    /// heartbeat where the channel can delete entries, so heartbeats do not pile up in the history every
    /// daemon replays.
    func report(outcome: DaemonReport.CommandOutcome?) async throws {
        let report = DaemonReport(
            daemon: configuration.daemonName,
            outcome: outcome,
            state: host.servingState(),
            intervalMilliseconds: UInt64(configuration.reportInterval.milliseconds)
        )
        let position = try await channel.append(report.fields)
        let previous = progress.update { progress -> ControlPosition? in
            progress.lastReport = .now
            guard outcome == nil else { return nil }
            defer { progress.heartbeat = position }
            return progress.heartbeat
        }
        if let previous {
            do {
                try await channel.remove(previous)
            } catch {
                logger.debug("could not delete the previous heartbeat", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// The listener's position in the channel and its report timing.
struct ListenerProgressState {
    var position = ControlPosition.start
    var heartbeat: ControlPosition?
    var lastReport: ContinuousClock.Instant?

    func heartbeatDue(every interval: Duration) -> Bool {
        guard let lastReport else { return true }
        return ContinuousClock.now - lastReport >= interval
    }
}

/// `ListenerProgressState` behind a lock, so the listener stays `Sendable`.
final class ListenerProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var state = ListenerProgressState()

    func update<Result>(_ body: (inout ListenerProgressState) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
