import AugurRedisClient
import Logging

/// Waits for daemons' reports on one command.
public enum CommandOutcomes {
    /// Follows `stream` after `position` until each of `daemons` reported on `commandID` or `timeout` passed;
    /// returns the outcomes that arrived, by daemon. `reader` carries a blocking XREAD.
    public static func wait(
        for commandID: String,
        from daemons: Set<String>,
        reader: any RedisCommandSending,
        stream: String = "augur:control",
        after position: StreamID,
        timeout: Duration,
        logger: Logger = Logger(label: "augur.control")
    ) async throws -> [String: DaemonReport.CommandOutcome] {
        var outcomes: [String: DaemonReport.CommandOutcome] = [:]
        var position = position
        let deadline = ContinuousClock.now + timeout
        while !daemons.isSubset(of: outcomes.keys) {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { break }
            // XREAD BLOCK counts whole milliseconds, and 0 would block forever.
            let block = max(left, .milliseconds(1))
            let batch = try await reader.xread(streams: [(stream, position.description)], count: 100, block: block)
            for message in batch.first?.messages ?? [] {
                position = message.id
                guard case .report(let report)? = ControlEntry.read(message, logger: logger),
                    let outcome = report.outcome, outcome.commandID == commandID
                else { continue }
                outcomes[report.daemon] = outcome
            }
        }
        return outcomes
    }
}
