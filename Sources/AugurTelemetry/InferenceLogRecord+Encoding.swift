import AugurRESP
import NIOCore

/// The field names shared by stream entries and JSON lines.
enum InferenceLogField {
    static let id = "id"
    static let model = "model"
    static let version = "version"
    static let daemon = "daemon"
    static let enqueued = "enqueued_us"
    static let read = "read_us"
    static let modelStart = "model_start_us"
    static let modelEnd = "model_end_us"
    static let written = "written_us"
    static let outcome = "outcome"
    static let inputs = "inputs"
    static let outputs = "outputs"
    static let shadowVersion = "shadow_version"
    static let shadowAgree = "shadow_agree"
    static let shadowDifference = "shadow_abs_diff"
    static let shadowLatency = "shadow_latency_us"

    /// Every name with its bytes, encoded once, as they go out with every record.
    private static let encoded: [(name: String, bytes: ByteBuffer)] = [
        id, model, version, daemon, enqueued, read, modelStart, modelEnd, written, outcome, inputs, outputs,
        shadowVersion, shadowAgree, shadowDifference, shadowLatency,
    ].map { ($0, ByteBuffer(string: $0)) }

    /// `name` as bytes. A scan comparing these short names is cheaper than hashing the name for a table
    /// lookup, on a path that runs for every field of every record.
    static func bytes(of name: String) -> ByteBuffer {
        for entry in encoded where entry.name == name { return entry.bytes }
        return ByteBuffer(string: name)
    }
}

/// A record's inputs and outputs as the mode keeps them, rendered once for both sinks.
struct RenderedPayloads {
    var inputs: RenderedPayload?
    var outputs: RenderedPayload?

    init(_ record: InferenceLogRecord, mode: InferencePayloadMode) {
        inputs = RenderedPayload(record.inputs, mode: mode)
        outputs = RenderedPayload(record.outputs, mode: mode)
    }
}

extension InferenceLogRecord {
    /// `XADD stream MAXLEN ~ maxLength * field value …` with `streamFields(payloads:)`.
    func xaddCommand(stream: String, maxLength: Int, payloads: RenderedPayloads) -> RESPCommand {
        RedisStreamLogSink.xadd(stream: stream, maxLength: maxLength, fields: streamFields(payloads: payloads))
    }

    /// The record's fields as every sink but the file carries them, in order; absent optional fields are
    /// left out.
    ///
    /// The small values are written into one buffer and handed out as slices of it: one allocation per record
    /// instead of one per field, on a path that runs for every request.
    func streamFields(payloads: RenderedPayloads) -> [(name: String, value: ByteBuffer)] {
        var text = ByteBuffer()
        text.reserveCapacity(id.utf8.count + model.utf8.count + daemon.utf8.count + outcome.utf8.count + 128)
        // (name, end offset in `text`) for the small values, or the payload buffer itself.
        var parts: [(name: String, end: Int, payload: ByteBuffer?)] = []
        parts.reserveCapacity(16)
        func add(_ name: String, _ value: String) {
            text.writeString(value)
            parts.append((name, text.writerIndex, nil))
        }
        func add(_ name: String, _ value: some BinaryInteger) {
            text.writeDecimal(value)
            parts.append((name, text.writerIndex, nil))
        }
        add(InferenceLogField.id, id)
        add(InferenceLogField.model, model)
        if let version { add(InferenceLogField.version, version) }
        add(InferenceLogField.daemon, daemon)
        add(InferenceLogField.enqueued, enqueuedMicros)
        add(InferenceLogField.read, readMicros)
        if let modelStartMicros { add(InferenceLogField.modelStart, modelStartMicros) }
        if let modelEndMicros { add(InferenceLogField.modelEnd, modelEndMicros) }
        add(InferenceLogField.written, writtenMicros)
        add(InferenceLogField.outcome, outcome)
        if let payload = payloads.inputs { parts.append((InferenceLogField.inputs, text.writerIndex, payload.fieldValue)) }
        if let payload = payloads.outputs { parts.append((InferenceLogField.outputs, text.writerIndex, payload.fieldValue)) }
        if let shadow {
            add(InferenceLogField.shadowVersion, shadow.version)
            if let agrees = shadow.agrees { add(InferenceLogField.shadowAgree, agrees ? "1" : "0") }
            if let difference = shadow.maxAbsoluteDifference { add(InferenceLogField.shadowDifference, "\(difference)") }
            add(InferenceLogField.shadowLatency, shadow.latencyMicros)
        }
        // Sliced only once everything is written: a slice taken earlier would make each later write copy.
        var fields: [(name: String, value: ByteBuffer)] = []
        fields.reserveCapacity(parts.count)
        var start = text.readerIndex
        for part in parts {
            if let payload = part.payload {
                fields.append((part.name, payload))
            } else {
                fields.append((part.name, text.getSlice(at: start, length: part.end - start)!))
                start = part.end
            }
        }
        return fields
    }

    /// Appends the record as one JSON object and a newline to `line`.
    ///
    /// Absent optional numbers are `null`; in full mode inputs and outputs are embedded as JSON values
    /// when they are JSON, and as strings when a malformed request carried something else; in none mode
    /// the keys are left out.
    func writeJSONLine(into line: inout ByteBuffer, mode: InferencePayloadMode, payloads: RenderedPayloads) {
        line.writeStaticString("{\"id\":")
        line.writeJSONString(id)
        line.writeStaticString(",\"model\":")
        line.writeJSONString(model)
        line.writeStaticString(",\"version\":")
        line.writeJSONNumber(version)
        line.writeStaticString(",\"daemon\":")
        line.writeJSONString(daemon)
        line.writeStaticString(",\"enqueued_us\":")
        line.writeJSONNumber(enqueuedMicros)
        line.writeStaticString(",\"read_us\":")
        line.writeJSONNumber(readMicros)
        line.writeStaticString(",\"model_start_us\":")
        line.writeJSONNumber(modelStartMicros)
        line.writeStaticString(",\"model_end_us\":")
        line.writeJSONNumber(modelEndMicros)
        line.writeStaticString(",\"written_us\":")
        line.writeJSONNumber(writtenMicros)
        line.writeStaticString(",\"outcome\":")
        line.writeJSONString(outcome)
        if mode != .none {
            line.writeStaticString(",\"inputs\":")
            line.writeJSONPayload(payloads.inputs)
            line.writeStaticString(",\"outputs\":")
            line.writeJSONPayload(payloads.outputs)
        }
        if let shadow {
            // Only shadowed records carry these keys; a difference that is not finite (shapes differed) is null.
            line.writeStaticString(",\"shadow_version\":")
            line.writeJSONNumber(shadow.version)
            line.writeStaticString(",\"shadow_agree\":")
            line.writeJSONNumber(shadow.agrees.map { $0 ? 1 : 0 })
            line.writeStaticString(",\"shadow_abs_diff\":")
            if let difference = shadow.maxAbsoluteDifference, difference.isFinite {
                line.writeString("\(difference)")
            } else {
                line.writeStaticString("null")
            }
            line.writeStaticString(",\"shadow_latency_us\":")
            line.writeJSONNumber(shadow.latencyMicros)
        }
        line.writeStaticString("}\n")
    }
}

extension ByteBuffer {
    fileprivate mutating func writeJSONNumber(_ value: (some BinaryInteger)?) {
        if let value {
            writeDecimal(value)
        } else {
            writeStaticString("null")
        }
    }

    fileprivate mutating func writeJSONPayload(_ payload: RenderedPayload?) {
        switch payload {
        case nil:
            writeStaticString("null")
        case .digest(let text):
            writeJSONString(text)
        case .raw(let bytes):
            if bytes.withUnsafeReadableBytes({ JSONSyntax.isValid($0) }) {
                writeImmutableBuffer(bytes)
            } else {
                writeJSONString(String(decoding: bytes.readableBytesView, as: UTF8.self))
            }
        }
    }

    /// Writes `text` as a JSON string literal, escaping quotes, backslashes and control characters.
    mutating func writeJSONString(_ text: String) {
        writeInteger(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        var pendingStart = text.utf8.startIndex
        var index = pendingStart
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                writeBytes(utf8[pendingStart..<index])
                writeInteger(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): writeInteger(byte)
                case 0x0A: writeInteger(UInt8(ascii: "n"))
                case 0x0D: writeInteger(UInt8(ascii: "r"))
                case 0x09: writeInteger(UInt8(ascii: "t"))
                default:
                    writeStaticString("u00")
                    writeInteger(hex[Int(byte >> 4)])
                    writeInteger(hex[Int(byte & 0x0f)])
                }
                pendingStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        writeBytes(utf8[pendingStart..<index])
        writeInteger(UInt8(ascii: "\""))
    }
}
