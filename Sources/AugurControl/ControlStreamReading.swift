import AugurRedisClient
import Logging

extension RedisCommandSending {
    /// Every entry of `stream` after `position`, read in pages of `pageSize` without blocking, with the id
    /// of the last one (or `position` when there was none).
    func controlEntries(
        of stream: String,
        after position: StreamID,
        pageSize: Int = 500
    ) async throws -> (messages: [StreamMessage], last: StreamID) {
        var position = position
        var messages: [StreamMessage] = []
        while true {
            let page = try await xread(streams: [(stream, position.description)], count: pageSize).first?.messages ?? []
            guard let last = page.last else { return (messages, position) }
            messages += page
            position = last.id
        }
    }
}

extension ControlEntry {
    /// Reads `message`, logging and returning nil for an entry that is not a valid command or report.
    static func read(_ message: StreamMessage, logger: Logger) -> ControlEntry? {
        do {
            return try ControlEntry(message: message)
        } catch {
            logger.warning("skipping a control entry", metadata: ["id": "\(message.id)", "error": "\(error)"])
            return nil
        }
    }
}

extension RedisCommandSending {
    /// Adds `command` to the control `stream` (XADD) and returns the entry's id.
    public func issueControlCommand(_ command: ControlCommand, on stream: String = "augur:control") async throws -> StreamID {
        try await xadd(stream, fields: command.fields.streamFields)
    }
}
