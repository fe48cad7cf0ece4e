import AugurRedisClient
import NIOCore

/// The fields of one control stream entry as Strings, with typed accessors that throw `ControlEntryError`.
struct ControlFields {
    private var values: [String: String] = [:]

    init(_ message: StreamMessage) {
        for field in message.fields {
            let name = String(buffer: field.name)
            // The first occurrence wins, as `StreamMessage`'s subscript does.
            if values[name] == nil { values[name] = String(buffer: field.value) }
        }
    }

    init(_ pairs: [(name: String, value: String)]) {
        for pair in pairs where values[pair.name] == nil { values[pair.name] = pair.value }
    }

    func optional(_ name: String) -> String? {
        values[name]
    }

    func required(_ name: String) throws(ControlEntryError) -> String {
        guard let value = values[name], !value.isEmpty else { throw .missingField(name) }
        return value
    }

    func optionalInt(_ name: String, in range: ClosedRange<Int>) throws(ControlEntryError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .invalidField(name: name, value: text, expected: "an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    func milliseconds(_ name: String) throws(ControlEntryError) -> UInt64 {
        let text = try required(name)
        guard let value = UInt64(text) else {
            throw .invalidField(name: name, value: text, expected: "Unix milliseconds")
        }
        return value
    }
}

extension Array where Element == (name: String, value: String) {
    /// The pairs as XADD fields.
    var streamFields: [(name: String, value: ByteBuffer)] {
        map { ($0.name, ByteBuffer(string: $0.value)) }
    }
}
