import AugurRedisClient
import Logging

extension ControlEntry {
    /// Reads `entry`, logging and returning nil for an entry that is not a valid command or report.
    static func read(_ entry: ControlChannelEntry, channel: String, logger: Logger) -> ControlEntry? {
        do {
            return try ControlEntry(fields: entry.fields)
        } catch {
            logger.warning(
                "skipping a control entry",
                metadata: ["position": "\(entry.position)", "channel": "\(channel)", "error": "\(error)"]
            )
            return nil
        }
    }
}

extension ControlChannel {
    /// Appends `command`; returns its position, or nil when the channel does not learn it.
    public func issue(_ command: ControlCommand) async throws -> ControlPosition? {
        try await append(command.fields)
    }
}

extension RedisCommandSending {
    /// Adds `command` to the control `stream` (XADD) and returns the entry's id.
    public func issueControlCommand(_ command: ControlCommand, on stream: String = "augur:control") async throws -> StreamID {
        try await xadd(stream, fields: command.fields.streamFields)
    }
}
