import CRdKafka

/// What went wrong talking to Kafka, with librdkafka's error name where there is one.
public enum KafkaError: Error, Sendable, CustomStringConvertible {
    /// A librdkafka setting was refused (unknown key or bad value); fix the `--kafka-option`.
    case configuration(key: String, message: String)
    /// librdkafka could not create its client (usually a setting that conflicts with another).
    case clientCreation(String)
    /// librdkafka raised a fatal error (e.g. the idempotent producer lost its guarantees); the client cannot go on.
    case fatal(String)
    /// A librdkafka call or a delivery failed. `code` is librdkafka's `rd_kafka_resp_err_t`.
    case broker(operation: String, code: Int32, name: String, message: String)

    /// Creates a `.broker` error from a librdkafka error code.
    init(operation: String, code: rd_kafka_resp_err_t) {
        self = .broker(
            operation: operation,
            code: code.rawValue,
            name: String(cString: rd_kafka_err2name(code)),
            message: String(cString: rd_kafka_err2str(code))
        )
    }

    /// Creates a `.broker` error from a librdkafka error object, which it destroys.
    init(operation: String, consuming error: OpaquePointer) {
        let code = rd_kafka_error_code(error)
        let message = String(cString: rd_kafka_error_string(error))
        rd_kafka_error_destroy(error)
        self = .broker(
            operation: operation,
            code: code.rawValue,
            name: String(cString: rd_kafka_err2name(code)),
            message: message
        )
    }

    /// librdkafka's error code, for `.broker`.
    public var code: Int32? {
        if case .broker(_, let code, _, _) = self { return code }
        return nil
    }

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .configuration(let key, let message):
            "librdkafka refused the setting \(key): \(message) (check --kafka-option \(key)=…)"
        case .clientCreation(let message):
            "librdkafka could not create its client: \(message)"
        case .fatal(let message):
            "librdkafka hit a fatal error and the daemon stops: \(message)"
        case .broker(let operation, _, let name, let message):
            "\(operation) failed: \(name): \(message)"
        }
    }
}
