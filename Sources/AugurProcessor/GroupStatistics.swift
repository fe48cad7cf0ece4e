import AugurRESP
import AugurRedisClient
import NIOCore

/// A consumer group's backlog, from an `XINFO GROUPS` reply.
struct GroupStatistics: Equatable {
    /// The group's name.
    var name: String
    /// Entries delivered to the group's consumers and not yet acknowledged.
    var pending: Int
    /// Entries not yet delivered to the group; nil when the broker cannot tell (Redis before 7.0, or after
    /// deletions it cannot account for).
    var lag: Int?
    /// The last entry delivered to the group.
    var lastDelivered: StreamID

    /// Reads the statistics of `group`; nil when the reply does not list it.
    init?(xinfoGroups reply: RESPValue, group: String) {
        guard let found = Self.all(xinfoGroups: reply).first(where: { $0.name == group }) else { return nil }
        self = found
    }

    private init(name: String, pending: Int, lag: Int?, lastDelivered: StreamID) {
        self.name = name
        self.pending = pending
        self.lag = lag
        self.lastDelivered = lastDelivered
    }

    /// Every group the reply lists (RESP2 flat arrays or RESP3 maps).
    static func all(xinfoGroups reply: RESPValue) -> [GroupStatistics] {
        guard case .array(let groups) = reply else { return [] }
        return groups.compactMap { entry in
            let fields: [RESPValue]
            switch entry {
            case .array(let values): fields = values
            case .map(let pairs): fields = pairs.flatMap { [$0.key, $0.value] }
            default: return nil
            }
            var values: [String: RESPValue] = [:]
            var index = 0
            while index + 1 < fields.count {
                if let name = text(fields[index]) { values[name] = fields[index + 1] }
                index += 2
            }
            guard let name = values["name"].flatMap(text), case .integer(let pending)? = values["pending"],
                let lastDelivered = values["last-delivered-id"].flatMap(text).flatMap(StreamID.init)
            else { return nil }
            var lag: Int?
            if case .integer(let value)? = values["lag"] { lag = Int(value) }
            return GroupStatistics(name: name, pending: Int(pending), lag: lag, lastDelivered: lastDelivered)
        }
    }

    private static func text(_ value: RESPValue) -> String? {
        switch value {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(buffer: bytes)
        default: nil
        }
    }
}
