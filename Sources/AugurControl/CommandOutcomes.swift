import AugurRedisClient
import Logging

/// Waits for daemons' reports on one command.
public enum CommandOutcomes {
    /// Follows `channel` after `position` until each of `daemons` reported on `commandID` or `timeout` passed;
    /// returns the outcomes that arrived, by daemon.
    public static func wait(
        for commandID: String,
        from daemons: Set<String>,
        on channel: any ControlChannel,
        after position: ControlPosition,
        timeout: Duration,
        logger: Logger = Logger(label: "augur.control")
    ) async throws -> [String: DaemonReport.CommandOutcome] {
        var outcomes: [String: DaemonReport.CommandOutcome] = [:]
        var position = position
        let deadline = ContinuousClock.now + timeout
        while !daemons.isSubset(of: outcomes.keys) {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { break }
            for entry in try await channel.nextEntries(after: position, limit: 100, timeout: left) {
                position = entry.position
                guard case .report(let report)? = ControlEntry.read(entry, channel: channel.name, logger: logger),
                    let outcome = report.outcome, outcome.commandID == commandID
                else { continue }
                outcomes[report.daemon] = outcome
            }
        }
        return outcomes
    }

    /// `wait(for:from:on:after:timeout:logger:)` on the Redis-protocol `stream`; `reader` carries a blocking XREAD.
    public static func wait(
        for commandID: String,
        from daemons: Set<String>,
        reader: any RedisCommandSending,
        stream: String = "augur:control",
        after position: StreamID,
        timeout: Duration,
        logger: Logger = Logger(label: "augur.control")
    ) async throws -> [String: DaemonReport.CommandOutcome] {
        try await wait(
            for: commandID,
            from: daemons,
            on: RedisControlChannel(stream: stream, reader: reader),
            after: .streamEntry(position),
            timeout: timeout,
            logger: logger
        )
    }
}
