/// Concat: joins tensors of equal rank along `axis` (negative counts from the back).
struct ConcatOperator: Operator {
    let axis: Int

    init(node: NodeInfo) throws {
        // Opset 1 made `axis` optional with default 1; from opset 4 it is required.
        axis =
            node.opsetVersion < 4
            ? try node.attributes.int("axis", default: 1) : try node.attributes.int("axis")
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let tensors = try inputs.indices.map { try TensorKernels.tensor(inputs, $0, "Concat", "inputs[\($0)]") }
        return [.tensor(try Self.concat(tensors, axis: axis))]
    }

    /// The tensors joined along `axis`; all must share element type, rank and every other dimension.
    static func concat(_ tensors: [Tensor], axis: Int) throws -> Tensor {
        guard let first = tensors.first else { throw RuntimeError.invalidInput("Concat needs at least one input") }
        guard first.rank > 0 else {
            throw RuntimeError.invalidInput("Concat: inputs must have rank 1 or more, got a scalar")
        }
        let a = try TensorKernels.axis(axis, rank: first.rank, "Concat")
        var outputShape = first.shape
        outputShape[a] = 0
        for (i, t) in tensors.enumerated() {
            guard t.dataType == first.dataType else {
                throw RuntimeError.invalidInput(
                    "Concat: input \(i) is \(t.dataType) but input 0 is \(first.dataType); all inputs need one type"
                )
            }
            guard t.rank == first.rank else {
                throw RuntimeError.invalidInput(
                    "Concat: input \(i) has rank \(t.rank) (shape \(t.shape)) but input 0 has rank \(first.rank)"
                )
            }
            var expected = first.shape
            expected[a] = t.shape[a]
            guard t.shape == expected else {
                throw RuntimeError.invalidInput(
                    "Concat: input \(i) has shape \(t.shape), which differs from input 0's shape \(first.shape) "
                        + "on an axis other than \(a)"
                )
            }
            outputShape[a] += t.shape[a]
        }
        if tensors.count == 1 { return first }
        return try TensorKernels.dispatch(first.dataType, Kernel(tensors: tensors, axis: a, outputShape: outputShape))
    }

    private struct Kernel: TensorKernels.ElementVisitor {
        let tensors: [Tensor]
        let axis: Int
        let outputShape: [Int]

        func visit<T: TensorElement>(_ type: T.Type) throws -> Tensor {
            let (outer, _) = Shape.flattenedSizes(outputShape, axis: axis)
            let inner = Shape.elementCount(Array(outputShape[(axis + 1)...]))
            let outputRow = outputShape[axis] * inner
            return try Tensor.build(shape: outputShape, of: T.self) { out in
                guard out.count > 0, let dst = out.baseAddress else { return }
                var column = 0
                for t in tensors {
                    let block = t.shape[axis] * inner
                    if block > 0 {
                        try t.withUnsafeBufferPointer(as: T.self) { src in
                            let s = src.baseAddress!
                            for o in 0..<outer {
                                (dst + o * outputRow + column).update(from: s + o * block, count: block)
                            }
                        }
                    }
                    column += block
                }
            }
        }
    }
}
