/// Why a request got no prediction. The raw values are stable: clients match on them.
public enum RequestErrorCode: String, Sendable, CaseIterable {
    /// A required field (`id`, `model`, `inputs`) is absent or empty.
    case missingField = "missing_field"
    /// `inputs` is not valid JSON, or `version` / `deadline_ms` are not decimal integers.
    case malformedJSON = "malformed_json"
    /// No version of the model is loaded.
    case unknownModel = "unknown_model"
    /// The requested version is not the one being served.
    case unknownVersion = "unknown_version"
    /// An input's shape does not fit the model (rank, fixed dimensions, ragged rows, element count).
    case badInputShape = "bad_input_shape"
    /// An input has the wrong element type, is missing, or is not one of the model's inputs.
    case badInputType = "bad_input_type"
    /// A float input holds NaN (`null`) and missing values are not allowed.
    case nanInput = "nan_input"
    /// The request's `deadline_ms` passed before it could run.
    case deadlineExpired = "deadline_expired"
    /// The model ran and failed on this request's inputs.
    case modelFailed = "model_failed"
    /// The entry was delivered too many times without a result and was dead-lettered.
    case maxDeliveries = "max_deliveries"
}

/// A request's failure: a stable `code` and a `message` saying what to change.
public struct RequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable machine-readable code.
    public var code: RequestErrorCode
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: RequestErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
