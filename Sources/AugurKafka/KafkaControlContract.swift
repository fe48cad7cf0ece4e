import AugurControl
import NIOCore

/// The control channel over Kafka: how a control entry (`ControlCommand.fields`, `DaemonReport.fields`)
/// becomes a record of the control topic (`augur.control`, one partition) and back.
///
/// Every field is a header (name = field name, value = UTF-8 text) except a report's `state` JSON, which is
/// the record's value (commands have a null value). The key names what the entry is about, so a compacted
/// topic keeps every command and command outcome but only each daemon's latest heartbeat:
/// `command:<command_id>`, `report:<daemon>:<command_id>`, `heartbeat:<daemon>`.
///
/// A position is `.offset(n)`: the record at offset n has been read; reading goes on at n + 1.
public enum KafkaControlContract {
    /// The field carried as the record's value rather than as a header.
    public static let valueField = "state"

    /// The record that carries an entry with `fields` to `topic`.
    public static func message(for fields: [(name: String, value: String)], topic: String) -> KafkaOutgoingMessage {
        var headers: [KafkaHeader] = []
        var value: ByteBuffer?
        headers.reserveCapacity(fields.count)
        for field in fields {
            if field.name == valueField, value == nil {
                value = ByteBuffer(string: field.value)
            } else {
                headers.append(KafkaHeader(field.name, field.value))
            }
        }
        return KafkaOutgoingMessage(topic: topic, key: ByteBuffer(string: key(for: fields)), value: value, headers: headers)
    }

    /// The entry `record` carries: its headers as fields, then its value as `state` when it has one.
    public static func entry(from record: KafkaRecord) -> ControlChannelEntry {
        var fields = record.headers.map { ($0.name, $0.value.map { String(buffer: $0) } ?? "") }
        if let value = record.value, value.readableBytes > 0, !fields.contains(where: { $0.0 == valueField }) {
            fields.append((valueField, String(buffer: value)))
        }
        return ControlChannelEntry(position: .offset(record.offset), fields: fields)
    }

    /// The record key of an entry with `fields` (see the type's documentation).
    public static func key(for fields: [(name: String, value: String)]) -> String {
        func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        switch (field("type"), field("daemon"), field("command_id")) {
        case ("report"?, let daemon?, let command?): return "report:\(daemon):\(command)"
        case ("report"?, let daemon?, nil): return "heartbeat:\(daemon)"
        case (_, _, let command?): return "command:\(command)"
        default: return "entry"
        }
    }

    /// The offset to read next after `position`: 0 from the start (readers begin at the oldest offset the
    /// topic still has when retention or compaction removed offset 0), n + 1 after offset n. Throws for a
    /// position of another kind of channel.
    public static func nextOffset(after position: ControlPosition, topic: String) throws(ControlPositionMismatch) -> Int64 {
        switch position {
        case .start: return 0
        case .offset(let offset): return offset + 1
        case .streamEntry: throw ControlPositionMismatch(position: position, channel: topic)
        }
    }
}
