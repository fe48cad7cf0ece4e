import AugurRedisClient
import AugurTelemetry
import NIOCore

/// The answer to one request, as written to its `reply_to` stream.
///
/// Message contract — a result is a stream entry with these fields:
/// - `id`: the request's correlation id (the request's entry id if it had none).
/// - `model`: the model name.
/// - `version`: the version that really computed the outputs (absent when none ran).
/// - `outputs`: the Open Inference Protocol V2 `outputs` array JSON, on success; or
/// - `error`: `{"code": "<stable code>", "message": "<what to change>"}`, on failure.
/// - `latency_us`: microseconds from the request entering the queue (its entry id's time) to this
///   result being written.
public struct PredictionResult: Sendable {
    /// What the request produced.
    public enum Outcome: Sendable, Equatable {
        /// The V2 `outputs` array JSON.
        case outputs([UInt8])
        /// Why there are no outputs.
        case failure(RequestError)
    }

    /// The request's stream entry (acknowledged once this result is written).
    public var entryID: StreamID
    /// The correlation id.
    public var id: String
    /// The model name.
    public var model: String
    /// The version that computed the outputs; nil when no model ran.
    public var version: Int?
    /// Outputs or error.
    public var outcome: Outcome
    /// The stream this result goes to.
    public var replyTo: String
    /// When the model call that computed this result started and ended (Unix µs); nil when none ran.
    public var modelTime: ClosedRange<UInt64>?
    /// The request's raw `inputs` JSON, kept for the inference log; nil when the request had none.
    public var inputs: ByteBuffer?
    /// How a shadow version's outputs compared, when this request's call was shadowed.
    public var shadow: ShadowComparison?

    /// Creates a result.
    public init(
        entryID: StreamID, id: String, model: String, version: Int?, outcome: Outcome, replyTo: String,
        modelTime: ClosedRange<UInt64>? = nil, inputs: ByteBuffer? = nil
    ) {
        self.entryID = entryID
        self.id = id
        self.model = model
        self.version = version
        self.outcome = outcome
        self.replyTo = replyTo
        self.modelTime = modelTime
        self.inputs = inputs
    }

    /// The error, if the request failed.
    public var error: RequestError? {
        if case .failure(let error) = outcome { return error }
        return nil
    }

    /// The stream fields of this result, with `latency_us` measured up to `nowMicroseconds` (Unix time).
    ///
    /// Field names are shared buffers and the short values slices of one buffer: this runs for every request.
    public func streamFields(nowMicroseconds: UInt64) -> [(name: ByteBuffer, value: ByteBuffer)] {
        let enqueued = entryID.milliseconds.multipliedReportingOverflow(by: 1000)
        let latency = enqueued.overflow || enqueued.partialValue > nowMicroseconds ? 0 : nowMicroseconds - enqueued.partialValue
        var text = ByteBuffer()
        text.reserveCapacity(id.utf8.count + model.utf8.count + 24)
        text.writeString(id)
        let idEnd = text.writerIndex
        text.writeString(model)
        let modelEnd = text.writerIndex
        if let version { text.writeString(String(version)) }
        let versionEnd = text.writerIndex
        text.writeString(String(latency))
        // Sliced only once everything is written: a slice taken earlier would make each later write copy.
        func slice(_ start: Int, _ end: Int) -> ByteBuffer { text.getSlice(at: start, length: end - start)! }
        var fields: [(name: ByteBuffer, value: ByteBuffer)] = []
        fields.reserveCapacity(5)
        fields.append((FieldName.id, slice(0, idEnd)))
        fields.append((FieldName.model, slice(idEnd, modelEnd)))
        if version != nil { fields.append((FieldName.version, slice(modelEnd, versionEnd))) }
        switch outcome {
        case .outputs(let json):
            fields.append((FieldName.outputs, ByteBuffer(bytes: json)))
        case .failure(let error):
            fields.append((FieldName.error, ByteBuffer(bytes: Self.errorJSON(error))))
        }
        fields.append((FieldName.latency, slice(versionEnd, text.writerIndex)))
        return fields
    }

    /// The result fields' names, built once.
    private enum FieldName {
        static let id = ByteBuffer(string: "id")
        static let model = ByteBuffer(string: "model")
        static let version = ByteBuffer(string: "version")
        static let outputs = ByteBuffer(string: "outputs")
        static let error = ByteBuffer(string: "error")
        static let latency = ByteBuffer(string: "latency_us")
    }

    /// `{"code": …, "message": …}` with JSON string escaping.
    static func errorJSON(_ error: RequestError) -> [UInt8] {
        var out: [UInt8] = Array("{\"code\":\"\(error.code.rawValue)\",\"message\":\"".utf8)
        for byte in error.message.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(byte)
            }
        }
        out += Array("\"}".utf8)
        return out
    }
}
