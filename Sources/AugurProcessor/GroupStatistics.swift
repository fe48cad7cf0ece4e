import AugurRESP
import NIOCore

/// A consumer group's backlog, from an `XINFO GROUPS` reply.
struct GroupStatistics: Equatable {
    /// Entries delivered to the group's consumers and not yet acknowledged.
    var pending: Int
    /// Entries not yet delivered to the group; nil when the broker cannot tell (Redis before 7.0, or after
    /// deletions it cannot account for).
    var lag: Int?

    /// Reads the statistics of `group`; nil when the reply does not list it.
    init?(xinfoGroups reply: RESPValue, group: String) {
        guard case .array(let groups) = reply else { return nil }
        for entry in groups {
            let fields: [RESPValue]
            switch entry {
            case .array(let values): fields = values
            case .map(let pairs): fields = pairs.flatMap { [$0.key, $0.value] }
            default: continue
            }
            var values: [String: RESPValue] = [:]
            var index = 0
            while index + 1 < fields.count {
                if let name = Self.text(fields[index]) { values[name] = fields[index + 1] }
                index += 2
            }
            guard values["name"].flatMap(Self.text) == group, case .integer(let pending)? = values["pending"] else { continue }
            self.pending = Int(pending)
            if case .integer(let lag)? = values["lag"] { self.lag = Int(lag) } else { self.lag = nil }
            return
        }
        return nil
    }

    private static func text(_ value: RESPValue) -> String? {
        switch value {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(buffer: bytes)
        default: nil
        }
    }
}
