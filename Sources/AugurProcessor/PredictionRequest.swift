import AugurRESP
import AugurRedisClient
import NIOCore

/// One prediction request, read from a stream entry.
///
/// Message contract — a request is a stream entry with these fields:
/// - `id` (required): the caller's correlation id, echoed on the result.
/// - `model` (required): the model name.
/// - `version` (optional, decimal): the version that must compute the result; otherwise the active one.
/// - `inputs` (required, JSON): the Open Inference Protocol V2 `inputs` array
///   (`[{"name": "X", "shape": [2, 4], "datatype": "FP32", "data": [...]}]`), a whole V2 request object
///   (`{"inputs": [...], "outputs": [{"name": ...}]}`), or, for a model with one input, a row of numbers
///   (`[5.1, 3.5, 1.4, 0.2]`) or rows (`[[...], [...]]`). A `null` element is a missing value (NaN).
/// - `reply_to` (optional): the stream the result is added to; default `augur:results`.
/// - `deadline_ms` (optional, Unix milliseconds): past it, the request fails with `deadline_expired`.
///
/// The time a request entered the queue is its stream id's millisecond part.
/// The `inputs` bytes stay a slice of the reply buffer until the model's input types are known.
public struct PredictionRequest: Sendable {
    /// The stream entry this request came from (acknowledged once its result is written).
    public var entryID: StreamID
    /// The caller's correlation id.
    public var id: String
    /// The model name.
    public var model: String
    /// The version asked for; nil means the active one.
    public var version: Int?
    /// The raw `inputs` JSON.
    public var inputs: ByteBuffer
    /// Where the result goes.
    public var replyTo: String
    /// Unix milliseconds after which the request is not worth running.
    public var deadlineMilliseconds: UInt64?

    /// Creates a request from its parts.
    public init(
        entryID: StreamID,
        id: String,
        model: String,
        version: Int? = nil,
        inputs: ByteBuffer,
        replyTo: String,
        deadlineMilliseconds: UInt64? = nil
    ) {
        self.entryID = entryID
        self.id = id
        self.model = model
        self.version = version
        self.inputs = inputs
        self.replyTo = replyTo
        self.deadlineMilliseconds = deadlineMilliseconds
    }

    /// Unix milliseconds at which the request entered the queue (its stream id's time part).
    public var enqueuedMilliseconds: UInt64 { entryID.milliseconds }

    /// Reads a request from a stream entry; a bad entry throws a rejection that still knows where to reply.
    public init(message: StreamMessage, defaultReplyTo: String) throws(RequestRejection) {
        let fields = RequestFields(message)
        let replyTo = fields.replyTo.flatMap(Self.nonEmptyString) ?? defaultReplyTo
        // Without an id the caller cannot correlate, but the entry id still identifies the failure.
        guard let id = fields.id.flatMap(Self.nonEmptyString) else {
            throw RequestRejection(
                entryID: message.id,
                id: message.id.description,
                model: fields.model.flatMap(Self.nonEmptyString),
                replyTo: replyTo,
                error: RequestError(.missingField, "the request has no \"id\" field; add a correlation id")
            )
        }
        func reject(_ error: RequestError, model: String? = nil) -> RequestRejection {
            RequestRejection(entryID: message.id, id: id, model: model, replyTo: replyTo, error: error)
        }
        guard let model = fields.model.flatMap(Self.nonEmptyString) else {
            throw reject(RequestError(.missingField, "the request has no \"model\" field; name the model to run"))
        }
        guard let inputs = fields.inputs, inputs.readableBytes > 0 else {
            throw reject(RequestError(.missingField, "the request has no \"inputs\" field; add the V2 inputs array"), model: model)
        }
        var version: Int?
        if let text = fields.version {
            guard let parsed = Self.decimal(text), parsed <= UInt64(Int.max) else {
                throw reject(RequestError(.malformedJSON, "\"version\" must be a decimal integer"), model: model)
            }
            version = Int(parsed)
        }
        var deadline: UInt64?
        if let text = fields.deadline {
            guard let parsed = Self.decimal(text) else {
                throw reject(RequestError(.malformedJSON, "\"deadline_ms\" must be Unix milliseconds as a decimal integer"), model: model)
            }
            deadline = parsed
        }
        self.init(
            entryID: message.id,
            id: id,
            model: model,
            version: version,
            inputs: inputs,
            replyTo: replyTo,
            deadlineMilliseconds: deadline
        )
    }

    private static func nonEmptyString(_ buffer: ByteBuffer) -> String? {
        buffer.readableBytes == 0 ? nil : String(buffer: buffer)
    }

    private static func decimal(_ buffer: ByteBuffer) -> UInt64? {
        let view = buffer.readableBytesView
        guard !view.isEmpty, view.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in view {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte &- UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return value
    }
}

/// A stream entry that is not a valid request, with what is needed to send its error result.
public struct RequestRejection: Error, Sendable {
    /// The entry that was rejected.
    public var entryID: StreamID
    /// The correlation id, or the entry id when the request had none.
    public var id: String
    /// The model named, if any.
    public var model: String?
    /// Where the error result goes.
    public var replyTo: String
    /// What is wrong.
    public var error: RequestError

    /// The error result for this entry.
    public var result: PredictionResult {
        PredictionResult(
            entryID: entryID,
            id: id,
            model: model ?? "",
            version: nil,
            outcome: .failure(error),
            replyTo: replyTo
        )
    }
}

/// The request fields of a stream entry, found in one pass over its fields (the first of a repeated name
/// counts, as with `StreamMessage`'s subscript); other fields are ignored.
private struct RequestFields {
    var id: ByteBuffer?
    var model: ByteBuffer?
    var version: ByteBuffer?
    var inputs: ByteBuffer?
    var replyTo: ByteBuffer?
    var deadline: ByteBuffer?

    init(_ message: StreamMessage) {
        for (name, value) in message.fields {
            if name.readableBytesEqual("id") {
                if id == nil { id = value }
            } else if name.readableBytesEqual("model") {
                if model == nil { model = value }
            } else if name.readableBytesEqual("inputs") {
                if inputs == nil { inputs = value }
            } else if name.readableBytesEqual("version") {
                if version == nil { version = value }
            } else if name.readableBytesEqual("reply_to") {
                if replyTo == nil { replyTo = value }
            } else if name.readableBytesEqual("deadline_ms") {
                if deadline == nil { deadline = value }
            }
        }
    }
}
