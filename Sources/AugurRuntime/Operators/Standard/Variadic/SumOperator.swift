/// Sum: the element-wise sum of one or more inputs with multidirectional broadcasting (float and double).
///
/// sklearn-onnx emits it for polynomial-kernel SVMs; it is folded pairwise so each step reuses `Broadcast`.
struct SumOperator: Operator {
    init(node: NodeInfo) throws {}

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let tensors = try inputs.compactMap { try $0?.asTensor() }
        guard var total = tensors.first else { throw RuntimeError.invalidInput("Sum needs at least one input") }
        for next in tensors.dropFirst() {
            switch (total.storage, next.storage) {
            case (.float, .float): total = try Broadcast.binary(total, next) { (x: Float, y: Float) -> Float in x + y }
            case (.double, .double): total = try Broadcast.binary(total, next) { (x: Double, y: Double) -> Double in x + y }
            default: throw RuntimeError.unsupportedDataType(next.dataType, operation: "Sum")
            }
        }
        return [.tensor(total)]
    }
}

/// Sign: -1, 0 or 1 by the sign of each element (NaN stays NaN), float and double.
struct SignOperator: Operator {
    init(node: NodeInfo) throws {}

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let input = inputs.first ?? nil else { throw RuntimeError.invalidInput("Sign needs one input") }
        let x = try input.asTensor()
        switch x.storage {
        case .float(let a): return [.tensor(Self.sign(a, shape: x.shape))]
        case .double(let a): return [.tensor(Self.sign(a, shape: x.shape))]
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: "Sign")
        }
    }

    static func sign<T: TensorElement & BinaryFloatingPoint>(_ a: [T], shape: [Int]) -> Tensor {
        Tensor.build(shape: shape, of: T.self) { out in
            for i in 0..<a.count {
                let v = a[i]
                out[i] = v > 0 ? 1 : (v < 0 ? -1 : v)
            }
        }
    }
}
