/// Gather: picks entries of `data` along `axis` at `indices` (negative indices count from the end);
/// the output shape is `data.shape[..<axis] + indices.shape + data.shape[(axis+1)...]`.
struct GatherOperator: Operator {
    let axis: Int

    init(node: NodeInfo) throws {
        axis = try node.attributes.int("axis", default: 0)
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let data = try TensorKernels.tensor(inputs, 0, "Gather", "data")
        let indices = try TensorKernels.tensor(inputs, 1, "Gather", "indices")
        return [.tensor(try Self.gather(data, indices: indices, axis: axis))]
    }

    /// The entries of `data` at `indices` along `axis`.
    static func gather(_ data: Tensor, indices: Tensor, axis: Int) throws -> Tensor {
        guard data.rank > 0 else { throw RuntimeError.invalidInput("Gather: data must have rank 1 or more, got a scalar") }
        guard indices.dataType == .int64 || indices.dataType == .int32 else {
            throw RuntimeError.invalidInput("Gather: indices must be int32 or int64, got \(indices.dataType)")
        }
        let a = try TensorKernels.axis(axis, rank: data.rank, "Gather")
        let dim = data.shape[a]
        var positions = try indices.integerValues()
        for i in positions.indices {
            let index = positions[i]
            let p = index < 0 ? index + dim : index
            guard p >= 0, p < dim else {
                throw RuntimeError.invalidInput(
                    "Gather: index \(index) is out of range [\(-dim), \(dim - 1)] for axis \(a) of size \(dim)"
                )
            }
            positions[i] = p
        }
        let outputShape = Array(data.shape[..<a]) + indices.shape + Array(data.shape[(a + 1)...])
        return try TensorKernels.dispatch(
            data.dataType,
            Kernel(data: data, positions: positions, axis: a, outputShape: outputShape)
        )
    }

    private struct Kernel: TensorKernels.ElementVisitor {
        let data: Tensor
        let positions: [Int]
        let axis: Int
        let outputShape: [Int]

        func visit<T: TensorElement>(_ type: T.Type) throws -> Tensor {
            let (outer, _) = Shape.flattenedSizes(data.shape, axis: axis)
            let dim = data.shape[axis]
            let inner = Shape.elementCount(Array(data.shape[(axis + 1)...]))
            return try data.withUnsafeBufferPointer(as: T.self) { src in
                Tensor.build(shape: outputShape, of: T.self) { out in
                    guard out.count > 0, let s = src.baseAddress, let d = out.baseAddress else { return }
                    var o = 0
                    for block in 0..<outer {
                        let base = block * dim
                        if inner == 1 {
                            for p in positions {
                                d[o] = s[base + p]
                                o += 1
                            }
                        } else {
                            for p in positions {
                                (d + o).update(from: s + (base + p) * inner, count: inner)
                                o += inner
                            }
                        }
                    }
                }
            }
        }
    }
}
