/// One dimension of a declared shape: a fixed size, a named symbolic size (e.g. `batch`), or unknown.
public enum Dimension: Sendable, Equatable, CustomStringConvertible {
    /// A known size.
    case fixed(Int)
    /// A named size fixed per run (e.g. `batch`).
    case symbolic(String)
    /// A size the model leaves open.
    case unknown

    /// Human-readable text, as used in error messages.
    public var description: String {
        switch self {
        case .fixed(let n): "\(n)"
        case .symbolic(let name): name
        case .unknown: "?"
        }
    }
}

/// A declared value type (ONNX `TypeProto`): what graph inputs, outputs and value_info promise.
public indirect enum ValueType: Sendable, Equatable, CustomStringConvertible {
    /// A tensor; `shape` nil means the rank is unknown.
    case tensor(elementType: DataType, shape: [Dimension]?)
    /// A sequence of elements of one type (nil when unspecified).
    case sequence(ValueType?)
    /// A map from an int64/string key to values of one type.
    case map(key: DataType, value: ValueType?)
    /// An optional value of the given type.
    case optional(ValueType?)

    /// Human-readable text, as used in error messages.
    public var description: String {
        switch self {
        case .tensor(let type, let shape):
            guard let shape else { return "tensor(\(type))" }
            return "tensor(\(type))[\(shape.map(\.description).joined(separator: ", "))]"
        case .sequence(let element):
            return "seq(\(element?.description ?? "?"))"
        case .map(let key, let value):
            return "map(\(key), \(value?.description ?? "?"))"
        case .optional(let element):
            return "optional(\(element?.description ?? "?"))"
        }
    }
}
