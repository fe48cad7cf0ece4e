/// ArgMax: the int64 index of the largest element along `axis` (default 0), the first one unless
/// `select_last_index` (opset 12+); `keepdims` (default 1) keeps the axis as size 1.
struct ArgMaxOperator: Operator {
    let axis: Int
    let keepDims: Bool
    let selectLast: Bool

    init(node: NodeInfo) throws {
        axis = try node.attributes.int("axis", default: 0)
        keepDims = try node.attributes.int("keepdims", default: 1) != 0
        selectLast = try node.attributes.int("select_last_index", default: 0) != 0
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, "ArgMax")
        switch x.storage {
        case .float(let a): return [.tensor(try argMax(a, x.shape))]
        case .double(let a): return [.tensor(try argMax(a, x.shape))]
        case .float16(let a): return [.tensor(try argMax(a.map(\.floatValue), x.shape))]
        case .int64(let a): return [.tensor(try argMax(a, x.shape))]
        case .int32(let a): return [.tensor(try argMax(a, x.shape))]
        case .int16(let a): return [.tensor(try argMax(a, x.shape))]
        case .int8(let a): return [.tensor(try argMax(a, x.shape))]
        case .uint64(let a): return [.tensor(try argMax(a, x.shape))]
        case .uint32(let a): return [.tensor(try argMax(a, x.shape))]
        case .uint16(let a): return [.tensor(try argMax(a, x.shape))]
        case .uint8(let a): return [.tensor(try argMax(a, x.shape))]
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: "ArgMax")
        }
    }

    func argMax<T: TensorElement & Comparable>(_ a: [T], _ shape: [Int]) throws -> Tensor {
        let dims = shape.isEmpty ? [1] : shape
        let ax = try Shape.normalizeAxis(axis, rank: dims.count)
        let n = dims[ax]
        guard n > 0 else { throw RuntimeError.invalidInput("ArgMax over an empty axis \(ax) of shape \(shape)") }
        let outer = dims[..<ax].reduce(1, *)
        let inner = dims[(ax + 1)...].reduce(1, *)
        var outShape = dims
        if keepDims { outShape[ax] = 1 } else { outShape.remove(at: ax) }
        if shape.isEmpty { outShape = [] }
        let last = selectLast
        return Tensor.build(shape: outShape, of: Int64.self) { out in
            a.withUnsafeBufferPointer { p in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * n * inner + i
                        var best = p[base]
                        var bestIndex = 0
                        for k in 1..<max(n, 1) {
                            let v = p[base + k * inner]
                            if v > best || (last && v == best) {
                                best = v
                                bestIndex = k
                            }
                        }
                        out[o * inner + i] = Int64(bestIndex)
                    }
                }
            }
        }
    }
}
