/// ai.onnx.ml Binarizer: 1 where X > threshold, else 0, in the input's element type.
struct BinarizerOperator: Operator {
    let threshold: Float

    init(node: NodeInfo) throws {
        threshold = try node.attributes.float("threshold", default: 0)
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let input = inputs.first ?? nil else { throw RuntimeError.invalidInput("Binarizer needs its input X") }
        let x = try input.asTensor()
        switch x.storage {
        case .float(let a): return [.tensor(Tensor(shape: x.shape, elements: a.map { $0 > threshold ? Float(1) : 0 }))]
        case .double(let a):
            let t = Double(threshold)
            return [.tensor(Tensor(shape: x.shape, elements: a.map { $0 > t ? Double(1) : 0 }))]
        case .int64(let a):
            return [.tensor(Tensor(shape: x.shape, elements: a.map { Float($0) > threshold ? Int64(1) : 0 }))]
        case .int32(let a):
            return [.tensor(Tensor(shape: x.shape, elements: a.map { Float($0) > threshold ? Int32(1) : 0 }))]
        default:
            throw RuntimeError.unsupportedDataType(x.dataType, operation: "Binarizer")
        }
    }
}
