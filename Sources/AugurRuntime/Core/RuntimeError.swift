/// One operator a model uses that this runtime cannot run.
public struct UnsupportedOperator: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// Normalised domain: "" for the default ONNX domain, else e.g. "ai.onnx.ml".
    public var domain: String
    /// The node's op_type.
    public var opType: String
    /// The opset version imported for the domain.
    public var opsetVersion: Int

    /// Creates a record of one unsupported operator.
    public init(domain: String, opType: String, opsetVersion: Int) {
        self.domain = domain
        self.opType = opType
        self.opsetVersion = opsetVersion
    }

    /// `ai.onnx::Gemm (opset 13)`, the form used in error messages.
    /// Human-readable text, as used in error messages.
    public var description: String {
        "\(domain.isEmpty ? "ai.onnx" : domain)::\(opType) (opset \(opsetVersion))"
    }

    /// Orders by domain, then op type, then opset.
    public static func < (lhs: UnsupportedOperator, rhs: UnsupportedOperator) -> Bool {
        (lhs.domain, lhs.opType, lhs.opsetVersion) < (rhs.domain, rhs.opType, rhs.opsetVersion)
    }
}

/// Everything that can go wrong loading or running a model; each message says what to fix.
public enum RuntimeError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The model file could not be read (missing, unreadable).
    case cannotReadModel(path: String)
    /// The bytes are not a well-formed ONNX protobuf message (with the byte offset where reading failed).
    case malformedModel(String)
    /// The model uses a feature this runtime deliberately does not support (external data, bfloat16, ...).
    case unsupportedModelFeature(String)
    /// The graph is structurally invalid: a cycle, a value nobody produces, a duplicate output name, ...
    case invalidGraph(String)
    /// The model uses operators (listed, each with domain and opset) that this runtime has no kernel for.
    case unsupportedOperators([UnsupportedOperator])
    /// A node lacks an attribute its operator requires.
    case missingAttribute(node: String, opType: String, attribute: String)
    /// A node's attribute has the wrong type or an invalid value.
    case invalidAttribute(node: String, opType: String, attribute: String, reason: String)
    /// A required graph input was not supplied to `run`.
    case missingInput(name: String)
    /// A supplied input is not one of the graph's inputs.
    case unknownInput(name: String, expected: [String])
    /// A supplied input has the wrong element type or kind.
    case inputTypeMismatch(input: String, expected: String, actual: String)
    /// A supplied input's shape does not fit the declared one (`expected` uses `?`/names for free dims).
    case inputShapeMismatch(input: String, expected: String, actual: [Int])
    /// Thrown by kernels for bad inputs (wrong count, kind, shape); the executor adds the node.
    case invalidInput(String)
    /// Thrown by kernels for an element type they do not handle; the executor adds the node.
    case unsupportedDataType(DataType, operation: String)
    /// A node failed while running; names the node, its operator and the cause.
    case nodeFailed(node: String, opType: String, domain: String, reason: String)
    /// An inference request (Open Inference Protocol V2 JSON) is malformed.
    case invalidRequest(String)

    /// Human-readable text, as used in error messages.
    public var description: String {
        switch self {
        case .cannotReadModel(let path):
            return "cannot read the model file at \(path): check that it exists and is readable"
        case .malformedModel(let reason):
            return "malformed ONNX model: \(reason)"
        case .unsupportedModelFeature(let reason):
            return "unsupported model feature: \(reason)"
        case .invalidGraph(let reason):
            return "invalid graph: \(reason)"
        case .unsupportedOperators(let ops):
            let list = ops.map(\.description).joined(separator: ", ")
            return "the model uses \(ops.count) operator(s) this runtime does not support: \(list)"
        case .missingAttribute(let node, let opType, let attribute):
            return "node '\(node)' (\(opType)) is missing required attribute '\(attribute)'"
        case .invalidAttribute(let node, let opType, let attribute, let reason):
            return "node '\(node)' (\(opType)) has an invalid attribute '\(attribute)': \(reason)"
        case .missingInput(let name):
            return "missing required input '\(name)'"
        case .unknownInput(let name, let expected):
            return "unknown input '\(name)'; the model's inputs are: \(expected.joined(separator: ", "))"
        case .inputTypeMismatch(let input, let expected, let actual):
            return "input '\(input)' must be \(expected), got \(actual)"
        case .inputShapeMismatch(let input, let expected, let actual):
            return "input '\(input)' must have shape \(expected), got \(actual)"
        case .invalidInput(let reason):
            return reason
        case .unsupportedDataType(let type, let operation):
            return "\(operation) does not support element type \(type)"
        case .nodeFailed(let node, let opType, let domain, let reason):
            let qualified = domain.isEmpty ? opType : "\(domain)::\(opType)"
            return "node '\(node)' (\(qualified)) failed: \(reason)"
        case .invalidRequest(let reason):
            return "invalid inference request: \(reason)"
        }
    }
}
