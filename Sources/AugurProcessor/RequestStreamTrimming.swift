import AugurRESP
import AugurRedisClient

/// Keeps the request stream from growing without bound: entries every consumer group has been delivered
/// and has acknowledged are trimmed (XTRIM MINID). Entries still pending in any group, or not yet delivered
/// to one, stay, so claims, redeliveries and other groups reading the stream lose nothing.
enum RequestStreamTrimming {
    /// The lowest id any group still needs: its lowest pending id, else the id after its last delivered one.
    /// Nil when the stream has no groups.
    static func floor(groups: [GroupStatistics], lowestPending: [String: StreamID]) -> StreamID? {
        groups.map { group in
            if group.pending > 0, let lowest = lowestPending[group.name] { return lowest }
            return StreamID(milliseconds: group.lastDelivered.milliseconds, sequence: group.lastDelivered.sequence &+ 1)
        }.min()
    }

    /// Trims `stream` below what its groups still need; returns how many entries went.
    static func trim(_ stream: String, using sender: any RedisCommandSending) async throws -> Int {
        let groups = GroupStatistics.all(xinfoGroups: try await sender.send(RESPCommand("XINFO", "GROUPS", stream)))
        return try await trim(stream, groups: groups, using: sender)
    }

    /// Trims `stream` below what `groups` (its XINFO GROUPS, just read) still need.
    static func trim(_ stream: String, groups: [GroupStatistics], using sender: any RedisCommandSending) async throws -> Int {
        var lowestPending: [String: StreamID] = [:]
        for group in groups where group.pending > 0 {
            lowestPending[group.name] = try await sender.xpending(stream, group: group.name).lowestID
        }
        guard let floor = floor(groups: groups, lowestPending: lowestPending) else { return 0 }
        guard case .integer(let trimmed) = try await sender.send(RESPCommand("XTRIM", stream, "MINID", floor.description)) else {
            return 0
        }
        return Int(trimmed)
    }
}
