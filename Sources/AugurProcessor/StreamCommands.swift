import AugurRESP
import AugurRedisClient
import NIOCore

/// The raw commands the processor pipelines, and the reply shapes the typed helpers do not cover.
enum StreamCommands {
    /// `XADD key * field value …`.
    static func xadd(_ key: String, fields: [(name: ByteBuffer, value: ByteBuffer)]) -> RESPCommand {
        var arguments = [ByteBuffer(string: "XADD"), ByteBuffer(string: key), ByteBuffer(string: "*")]
        arguments.reserveCapacity(3 + fields.count * 2)
        for field in fields {
            arguments.append(field.name)
            arguments.append(field.value)
        }
        return RESPCommand(arguments: arguments)
    }

    /// `XACK key group id …`.
    static func xack(_ key: String, group: String, ids: [StreamID]) -> RESPCommand {
        RESPCommand(arguments: [ByteBuffer(string: "XACK"), ByteBuffer(string: key), ByteBuffer(string: group)] + ids.map(\.bytes))
    }

    /// `XPENDING key group id id 1`: the one pending entry `id`, with its delivery count.
    static func xpendingEntry(_ key: String, group: String, id: StreamID) -> RESPCommand {
        RESPCommand(arguments: [
            ByteBuffer(string: "XPENDING"), ByteBuffer(string: key), ByteBuffer(string: group), id.bytes, id.bytes,
            ByteBuffer(string: "1"),
        ])
    }

    /// The delivery count from an extended XPENDING reply `[[id, consumer, idle, deliveries]]`; nil when
    /// the entry is no longer pending.
    static func deliveryCount(_ reply: RESPValue) -> Int? {
        guard case .array(let rows) = reply, case .array(let row)? = rows.first, row.count == 4,
            case .integer(let deliveries) = row[3]
        else { return nil }
        return Int(deliveries)
    }
}
