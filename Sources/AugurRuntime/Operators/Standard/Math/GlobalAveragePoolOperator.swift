/// GlobalAveragePool: the mean of each [N, C] plane over all spatial dimensions, kept as size-1 dimensions.
struct GlobalAveragePoolOperator: Operator {
    init(node: NodeInfo) throws {}

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, "GlobalAveragePool")
        guard x.rank >= 2 else {
            throw RuntimeError.invalidInput("GlobalAveragePool needs X [N, C, spatial…], got shape \(x.shape)")
        }
        let planes = x.shape[0] * x.shape[1]
        let size = Shape.elementCount(Array(x.shape[2...]))
        let outShape = Array(x.shape[..<2]) + Array(repeating: 1, count: x.rank - 2)
        switch x.storage {
        case .float(let a):
            let y = Tensor.build(shape: outShape, of: Float.self) { out in
                a.withUnsafeBufferPointer { p in
                    guard let base = p.baseAddress else { return }
                    for plane in 0..<planes { out[plane] = VectorMath.sum(base + plane * size, count: size) / Float(size) }
                }
            }
            return [.tensor(y)]
        case .double(let a): return [.tensor(Self.mean(a, planes: planes, size: size, shape: outShape))]
        case .float16(let a):
            let r = Self.mean(a.map(\.floatValue), planes: planes, size: size, shape: outShape)
            return [.tensor(Tensor(uncheckedShape: outShape, storage: .float16((r.floats ?? []).map { Float16Bits($0) })))]
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: "GlobalAveragePool")
        }
    }

    static func mean<T: TensorElement & BinaryFloatingPoint>(_ a: [T], planes: Int, size: Int, shape: [Int]) -> Tensor {
        Tensor.build(shape: shape, of: T.self) { out in
            a.withUnsafeBufferPointer { p in
                for plane in 0..<planes {
                    var sum: T = 0
                    let base = plane * size
                    for i in 0..<size { sum += p[base + i] }
                    out[plane] = sum / T(size)
                }
            }
        }
    }
}
