/// A decoded ONNX model (`ModelProto`): metadata plus the main graph.
public struct ONNXModel: Sendable {
    /// The ONNX IR version the file was written with.
    public var irVersion: Int64
    /// Imported opset versions by normalised domain ("" for ai.onnx).
    public var opsetImports: [String: Int]
    /// The tool that produced the model (e.g. `skl2onnx`).
    public var producerName: String
    /// The producer's version.
    public var producerVersion: String
    /// The model's reverse-DNS domain, if set.
    public var domain: String
    /// The model's own version number.
    public var modelVersion: Int64
    /// Free-form documentation.
    public var docString: String
    /// `metadata_props` key/value pairs.
    public var metadata: [String: String]
    /// The main graph.
    public var graph: ONNXGraph

    /// Creates a model description.
    public init(
        irVersion: Int64 = 0,
        opsetImports: [String: Int] = [:],
        producerName: String = "",
        producerVersion: String = "",
        domain: String = "",
        modelVersion: Int64 = 0,
        docString: String = "",
        metadata: [String: String] = [:],
        graph: ONNXGraph = ONNXGraph()
    ) {
        self.irVersion = irVersion
        self.opsetImports = opsetImports
        self.producerName = producerName
        self.producerVersion = producerVersion
        self.domain = domain
        self.modelVersion = modelVersion
        self.docString = docString
        self.metadata = metadata
        self.graph = graph
    }
}

/// A decoded `GraphProto`.
public struct ONNXGraph: Sendable {
    /// The graph's name.
    public var name: String
    /// Nodes in file order (not necessarily topological).
    public var nodes: [ONNXNode]
    /// Initializers (constant tensors) in file order.
    public var initializers: [NamedTensor]
    /// Declared inputs; may include initializers (then the caller may override them).
    public var inputs: [ValueInfo]
    /// Declared outputs.
    public var outputs: [ValueInfo]
    /// Declared types of intermediate values.
    public var valueInfo: [ValueInfo]

    /// Creates a graph description.
    public init(
        name: String = "",
        nodes: [ONNXNode] = [],
        initializers: [NamedTensor] = [],
        inputs: [ValueInfo] = [],
        outputs: [ValueInfo] = [],
        valueInfo: [ValueInfo] = []
    ) {
        self.name = name
        self.nodes = nodes
        self.initializers = initializers
        self.inputs = inputs
        self.outputs = outputs
        self.valueInfo = valueInfo
    }
}

/// A decoded `NodeProto`.
public struct ONNXNode: Sendable {
    /// The node's name (may be empty in the file).
    public var name: String
    /// The operator type.
    public var opType: String
    /// The normalised domain ("" for ai.onnx).
    public var domain: String
    /// Input value names; "" marks an omitted optional input.
    public var inputs: [String]
    /// Output value names; "" marks an omitted optional output.
    public var outputs: [String]
    /// Attributes by name.
    public var attributes: [String: Attribute]

    /// Creates a node description.
    public init(
        name: String = "",
        opType: String,
        domain: String = "",
        inputs: [String],
        outputs: [String],
        attributes: [String: Attribute] = [:]
    ) {
        self.name = name
        self.opType = opType
        self.domain = OperatorKey.normalizeDomain(domain)
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }
}

/// A tensor with its name (an initializer, or a test-data file's TensorProto).
public struct NamedTensor: Sendable {
    /// The tensor's name.
    public var name: String
    /// The tensor.
    public var tensor: Tensor

    /// Pairs a name with a tensor.
    public init(name: String, tensor: Tensor) {
        self.name = name
        self.tensor = tensor
    }
}

/// A decoded `ValueInfoProto`: a value's name and declared type.
public struct ValueInfo: Sendable, Equatable {
    /// The value's name.
    public var name: String
    /// The declared type; nil when the file leaves it out.
    public var type: ValueType?
    /// Free-form documentation.
    public var docString: String

    /// Creates a value description.
    public init(name: String, type: ValueType?, docString: String = "") {
        self.name = name
        self.type = type
        self.docString = docString
    }
}
