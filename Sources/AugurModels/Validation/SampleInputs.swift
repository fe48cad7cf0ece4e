import AugurRuntime

/// Synthetic inputs built from a model's declared input types: used to validate a model before it is
/// published and to warm it up before it serves.
public enum SampleInputs {
    /// One value per declared input (in order), every element set to `fill`, with free dimensions
    /// (batch and other symbolic sizes) set to `batch`.
    public static func make(for inputs: [ValueInfo], fill: Int = 0, batch: Int = 1) throws(SampleInputError) -> [Value] {
        try inputs.map { info throws(SampleInputError) in
            guard case .tensor(let dataType, let declared)? = info.type else {
                throw .unsupportedInput(name: info.name, reason: "it is not a tensor (declared \(info.type?.description ?? "without a type"))")
            }
            guard let declared else {
                throw .unsupportedInput(name: info.name, reason: "its shape is not declared")
            }
            let shape = declared.map { dim -> Int in
                if case .fixed(let n) = dim { return n }
                return batch
            }
            return .tensor(filled(dataType, shape: shape, fill: fill))
        }
    }

    private static func filled(_ dataType: DataType, shape: [Int], fill: Int) -> Tensor {
        let count = Shape.elementCount(shape)
        guard fill != 0 else { return Tensor.zeros(dataType, shape: shape) }
        let storage: TensorStorage
        switch dataType {
        case .float: storage = .float(Array(repeating: Float(fill), count: count))
        case .double: storage = .double(Array(repeating: Double(fill), count: count))
        case .int64: storage = .int64(Array(repeating: Int64(fill), count: count))
        case .int32: storage = .int32(Array(repeating: Int32(fill), count: count))
        case .bool: storage = .bool(Array(repeating: true, count: count))
        case .string: storage = .string(Array(repeating: String(fill), count: count))
        default: return Tensor.zeros(dataType, shape: shape)
        }
        return Tensor(uncheckedShape: shape, storage: storage)
    }
}

/// Why synthetic inputs cannot be built for a model.
public enum SampleInputError: Error, Sendable, CustomStringConvertible {
    /// The input is not a tensor with a declared shape, so its sample cannot be synthesised.
    case unsupportedInput(name: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedInput(let name, let reason):
            return "cannot build a sample for input '\(name)': \(reason); publish with a reference sample (--reference)"
        }
    }
}
