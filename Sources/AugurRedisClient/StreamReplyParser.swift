import AugurRESP
import NIOCore

/// Turns stream command replies into typed values, accepting both the RESP2 (arrays) and RESP3 (maps) shapes.
enum StreamReplyParser {
    /// XREAD/XREADGROUP: null on timeout, else per stream `[key, entries]` (RESP2) or `key => entries` (RESP3).
    static func streams(_ reply: RESPValue, command: String) throws -> [StreamMessages] {
        switch reply {
        case .null, .nullArray:
            return []
        case .array(let streams):
            return try streams.map { stream in
                guard case .array(let pair) = stream, pair.count == 2 else { throw unexpected(command, stream) }
                return StreamMessages(key: try string(pair[0], command), messages: try entries(pair[1], command))
            }
        case .map(let streams):
            return try streams.map {
                StreamMessages(key: try string($0.key, command), messages: try entries($0.value, command))
            }
        default:
            throw unexpected(command, reply)
        }
    }

    /// A list of entries; null elements (deleted entries in old XAUTOCLAIM replies) are skipped.
    static func entries(_ reply: RESPValue, _ command: String) throws -> [StreamMessage] {
        switch reply {
        case .null, .nullArray:
            return []
        case .array(let elements):
            var messages: [StreamMessage] = []
            messages.reserveCapacity(elements.count)
            for element in elements {
                if let message = try entry(element, command) { messages.append(message) }
            }
            return messages
        default:
            throw unexpected(command, reply)
        }
    }

    /// One `[id, [field, value, …]]` entry; a null field list marks a pending entry whose message is gone.
    static func entry(_ reply: RESPValue, _ command: String) throws -> StreamMessage? {
        switch reply {
        case .null, .nullArray:
            return nil
        case .array(let parts) where parts.count == 2:
            let id = try streamID(parts[0], command)
            switch parts[1] {
            case .null, .nullArray:
                return StreamMessage(id: id, fields: [], isDeleted: true)
            case .array(let flat) where flat.count % 2 == 0:
                var fields: [(name: ByteBuffer, value: ByteBuffer)] = []
                fields.reserveCapacity(flat.count / 2)
                var index = 0
                while index < flat.count {
                    fields.append((try bytes(flat[index], command), try bytes(flat[index + 1], command)))
                    index += 2
                }
                return StreamMessage(id: id, fields: fields)
            case .map(let pairs):
                return StreamMessage(id: id, fields: try pairs.map { (try bytes($0.key, command), try bytes($0.value, command)) })
            default:
                throw unexpected(command, parts[1])
            }
        default:
            throw unexpected(command, reply)
        }
    }

    static func streamID(_ reply: RESPValue, _ command: String) throws -> StreamID {
        guard let id = StreamID(bytes: try bytes(reply, command)) else { throw unexpected(command, reply) }
        return id
    }

    static func bytes(_ reply: RESPValue, _ command: String) throws -> ByteBuffer {
        switch reply {
        case .bulkString(let bytes): return bytes
        case .simpleString(let text): return ByteBuffer(string: text)
        case .verbatimString(_, let text): return text
        default: throw unexpected(command, reply)
        }
    }

    static func string(_ reply: RESPValue, _ command: String) throws -> String {
        switch reply {
        case .simpleString(let text): return text
        default: return String(buffer: try bytes(reply, command))
        }
    }

    /// An integer reply, or a bulk string holding one (XPENDING's per-consumer counts).
    static func integer(_ reply: RESPValue, _ command: String) throws -> Int {
        switch reply {
        case .integer(let value): return Int(value)
        case .bulkString, .simpleString:
            guard let value = Int(try string(reply, command)) else { throw unexpected(command, reply) }
            return value
        default: throw unexpected(command, reply)
        }
    }

    static func unexpected(_ command: String, _ reply: RESPValue) -> RedisError {
        .unexpectedReply(command: command, reply: "\(reply)")
    }
}
