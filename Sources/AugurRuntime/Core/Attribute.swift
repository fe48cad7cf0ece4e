/// A node attribute value (ONNX `AttributeProto`), decoded once at model load.
public enum Attribute: Sendable, Equatable {
    /// A FLOAT attribute.
    case float(Float)
    /// An INT attribute.
    case int(Int64)
    /// ONNX strings are bytes; they are decoded as UTF-8 (invalid sequences replaced).
    case string(String)
    /// A TENSOR attribute.
    case tensor(Tensor)
    /// A subgraph (If/Loop/Scan bodies), kept as its encoded `GraphProto` bytes.
    case graph(EncodedGraph)
    /// A FLOATS attribute.
    case floats([Float])
    /// An INTS attribute.
    case ints([Int64])
    /// A STRINGS attribute.
    case strings([String])
    /// A TENSORS attribute.
    case tensors([Tensor])
    /// A GRAPHS attribute (encoded subgraphs).
    case graphs([EncodedGraph])

    /// ONNX's name for the attribute type (`INT`, `FLOATS`, ...), for error messages.
    public var typeName: String {
        switch self {
        case .float: "FLOAT"
        case .int: "INT"
        case .string: "STRING"
        case .tensor: "TENSOR"
        case .graph: "GRAPH"
        case .floats: "FLOATS"
        case .ints: "INTS"
        case .strings: "STRINGS"
        case .tensors: "TENSORS"
        case .graphs: "GRAPHS"
        }
    }
}

/// An encoded ONNX `GraphProto` (a subgraph attribute), not decoded until an operator needs it.
public struct EncodedGraph: Sendable, Equatable {
    /// The protobuf bytes of the `GraphProto`.
    public var bytes: [UInt8]

    /// Wraps encoded bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }
}
