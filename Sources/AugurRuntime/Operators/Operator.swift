/// A kernel for one graph node: created once at model load (attributes parsed then), run many times,
/// possibly from many threads at once — so it must not mutate shared state in `run`.
public protocol Operator: Sendable {
    /// Computes the node's outputs; `inputs[i]` is nil when optional input `i` was omitted (empty name).
    /// Returns one value per declared output (trailing optional outputs may be left off).
    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value]
}

/// Per-run information handed to every kernel.
public struct ExecutionContext: Sendable {
    /// Options of the run in progress.
    public var options: RunOptions

    /// Creates a context for one run.
    public init(options: RunOptions = RunOptions()) {
        self.options = options
    }
}

/// Options of one `InferenceSession.run` call.
public struct RunOptions: Sendable {
    /// When true (default false), the run checks every produced tensor for a shape/count mismatch,
    /// which costs time but pins a bad kernel to its node.
    public var validateOutputs: Bool

    /// Creates run options; the defaults suit production serving.
    public init(validateOutputs: Bool = false) {
        self.validateOutputs = validateOutputs
    }
}

/// Identifies an operator: its normalised domain ("" for ai.onnx, "ai.onnx.ml", ...) and op_type.
public struct OperatorKey: Hashable, Sendable, CustomStringConvertible {
    /// "" for the default ONNX domain (written "" or "ai.onnx" in models), else the domain as written.
    public let domain: String
    /// The operator type, e.g. `Gemm`.
    public let opType: String

    /// Creates a key, normalising "ai.onnx" to "".
    public init(domain: String, opType: String) {
        self.domain = OperatorKey.normalizeDomain(domain)
        self.opType = opType
    }

    /// Maps the two spellings of the default ONNX domain ("" and "ai.onnx") to "".
    public static func normalizeDomain(_ domain: String) -> String {
        domain == "ai.onnx" ? "" : domain
    }

    /// Human-readable text, as used in error messages.
    public var description: String { "\(domain.isEmpty ? "ai.onnx" : domain)::\(opType)" }
}

/// The static description of a node that an operator factory builds its kernel from.
public struct NodeInfo: Sendable {
    /// The node's name (generated as `<opType>_<index>` when the model leaves it empty).
    public var name: String
    /// The operator type.
    public var opType: String
    /// The normalised domain ("" for ai.onnx).
    public var domain: String
    /// The opset version the model imports for this node's domain.
    public var opsetVersion: Int
    /// The parsed attributes with typed getters.
    public var attributes: NodeAttributes
    /// Input value names; "" marks an omitted optional input.
    public var inputs: [String]
    /// Output value names; "" marks an omitted optional output.
    public var outputs: [String]
    /// Statically known input types (from graph inputs, initializers or value_info), when known.
    public var inputTypes: [ValueType?]
    /// Input values fixed at load (initializers that are not graph inputs, Constant outputs), else nil;
    /// lets a kernel precompute from e.g. a constant shape or indices instead of on every run.
    public var constantInputs: [Tensor?]

    /// Creates a node description.
    public init(
        name: String,
        opType: String,
        domain: String,
        opsetVersion: Int,
        attributes: NodeAttributes,
        inputs: [String],
        outputs: [String],
        inputTypes: [ValueType?] = [],
        constantInputs: [Tensor?] = []
    ) {
        self.name = name
        self.opType = opType
        self.domain = OperatorKey.normalizeDomain(domain)
        self.opsetVersion = opsetVersion
        self.attributes = attributes
        self.inputs = inputs
        self.outputs = outputs
        self.inputTypes = inputTypes
        self.constantInputs = constantInputs
    }

    /// The value of input `i` when it is fixed at load, else nil.
    public func constantInput(_ i: Int) -> Tensor? { i < constantInputs.count ? constantInputs[i] : nil }

    /// The number of inputs, omitted optional ones included.
    public var inputCount: Int { inputs.count }
    /// The number of outputs, omitted optional ones included.
    public var outputCount: Int { outputs.count }

    /// Whether input `i` is present (declared and not empty).
    public func hasInput(_ i: Int) -> Bool { i < inputs.count && !inputs[i].isEmpty }
    /// Whether output `i` is requested (declared and not empty).
    public func hasOutput(_ i: Int) -> Bool { i < outputs.count && !outputs[i].isEmpty }
}
