/// Split: cuts a tensor along `axis` into parts given by `split` (attribute before opset 13, input from
/// 13), by `num_outputs` (opset 18; the last part may be smaller) or equally by the output count.
struct SplitOperator: Operator {
    let axis: Int
    let splitAttribute: [Int]?
    let numOutputs: Int?
    let outputCount: Int
    let opsetVersion: Int

    init(node: NodeInfo) throws {
        let a = node.attributes
        axis = try a.int("axis", default: 0)
        splitAttribute = node.opsetVersion < 13 ? try a.intsIfPresent("split") : nil
        numOutputs = node.opsetVersion >= 18 ? try a.intIfPresent("num_outputs") : nil
        outputCount = node.outputCount
        opsetVersion = node.opsetVersion
        if let numOutputs, numOutputs != outputCount || numOutputs < 1 {
            throw a.invalid("num_outputs", "is \(numOutputs) but the node has \(outputCount) outputs")
        }
        if let splitAttribute, splitAttribute.count != outputCount {
            throw a.invalid("split", "has \(splitAttribute.count) sizes but the node has \(outputCount) outputs")
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try TensorKernels.tensor(inputs, 0, "Split", "input")
        guard x.rank > 0 else { throw RuntimeError.invalidInput("Split: the input must have rank 1 or more, got a scalar") }
        let a = try TensorKernels.axis(axis, rank: x.rank, "Split")
        let sizes = try partSizes(dim: x.shape[a], inputs: inputs)
        return try Self.split(x, axis: a, sizes: sizes).map { .tensor($0) }
    }

    private func partSizes(dim: Int, inputs: [Value?]) throws -> [Int] {
        if let t = try TensorKernels.optionalTensor(inputs, 1, "Split", "split") {
            return try checked(TensorKernels.integers(t, "Split", "split"), dim: dim)
        }
        if let splitAttribute { return try checked(splitAttribute, dim: dim) }
        let n = outputCount
        guard n > 0 else { throw RuntimeError.invalidInput("Split: the node has no outputs") }
        if dim % n == 0 { return Array(repeating: dim / n, count: n) }
        guard numOutputs != nil || opsetVersion >= 18 else {
            throw RuntimeError.invalidInput("Split: axis of size \(dim) does not split into \(n) equal parts")
        }
        let chunk = (dim + n - 1) / n
        let last = dim - chunk * (n - 1)
        guard last >= 0 else {
            throw RuntimeError.invalidInput("Split: axis of size \(dim) cannot be cut into \(n) parts of \(chunk)")
        }
        return Array(repeating: chunk, count: n - 1) + [last]
    }

    private func checked(_ sizes: [Int], dim: Int) throws -> [Int] {
        guard sizes.count == outputCount else {
            throw RuntimeError.invalidInput("Split: 'split' has \(sizes.count) sizes but the node has \(outputCount) outputs")
        }
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == dim else {
            throw RuntimeError.invalidInput("Split: sizes \(sizes) must be non-negative and sum to the axis size \(dim)")
        }
        return sizes
    }

    /// The parts of `x` along `axis` with the given sizes (which must sum to the axis length).
    static func split(_ x: Tensor, axis: Int, sizes: [Int]) throws -> [Tensor] {
        if sizes.count == 1 { return [x] }
        return try TensorKernels.dispatch(x.dataType, Kernel(input: x, axis: axis, sizes: sizes))
    }

    private struct Kernel: TensorKernels.ElementVisitor {
        let input: Tensor
        let axis: Int
        let sizes: [Int]

        func visit<T: TensorElement>(_ type: T.Type) throws -> [Tensor] {
            let shape = input.shape
            let (outer, _) = Shape.flattenedSizes(shape, axis: axis)
            let inner = Shape.elementCount(Array(shape[(axis + 1)...]))
            let inputRow = shape[axis] * inner
            return try input.withUnsafeBufferPointer(as: T.self) { src in
                var column = 0
                return sizes.map { size in
                    var partShape = shape
                    partShape[axis] = size
                    let block = size * inner
                    let part = Tensor.build(shape: partShape, of: T.self) { out in
                        guard block > 0, let dst = out.baseAddress, let s = src.baseAddress else { return }
                        for o in 0..<outer {
                            (dst + o * block).update(from: s + o * inputRow + column, count: block)
                        }
                    }
                    column += block
                    return part
                }
            }
        }
    }
}
