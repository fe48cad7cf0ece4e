/// Squeeze: removes the listed size-1 axes (all size-1 axes when none are given); axes come from
/// the attribute before opset 13 and from the optional second input from 13.
struct SqueezeOperator: Operator {
    let attributeAxes: [Int]?

    init(node: NodeInfo) throws {
        attributeAxes = node.opsetVersion < 13 ? try node.attributes.intsIfPresent("axes") : nil
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try TensorKernels.tensor(inputs, 0, "Squeeze", "data")
        let axes =
            try TensorKernels.optionalTensor(inputs, 1, "Squeeze", "axes")
            .map { try TensorKernels.integers($0, "Squeeze", "axes") } ?? attributeAxes
        return [.tensor(Tensor(uncheckedShape: try Self.squeezedShape(x.shape, axes: axes), storage: x.storage))]
    }

    /// `shape` without the given axes, or without every 1 when `axes` is nil.
    static func squeezedShape(_ shape: [Int], axes: [Int]?) throws -> [Int] {
        guard let axes else { return shape.filter { $0 != 1 } }
        let removed = Set(try TensorKernels.axes(axes, rank: shape.count, "Squeeze"))
        for a in removed where shape[a] != 1 {
            throw RuntimeError.invalidInput("Squeeze: axis \(a) of shape \(shape) has size \(shape[a]), not 1")
        }
        return shape.indices.filter { !removed.contains($0) }.map { shape[$0] }
    }
}

/// Unsqueeze: inserts size-1 axes at the listed positions of the output; axes come from the
/// attribute before opset 13 and from the second input from 13.
struct UnsqueezeOperator: Operator {
    let attributeAxes: [Int]?

    init(node: NodeInfo) throws {
        attributeAxes = node.opsetVersion < 13 ? try node.attributes.ints("axes") : nil
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try TensorKernels.tensor(inputs, 0, "Unsqueeze", "data")
        let axes: [Int]
        if let attributeAxes {
            axes = attributeAxes
        } else {
            axes = try TensorKernels.integers(TensorKernels.tensor(inputs, 1, "Unsqueeze", "axes"), "Unsqueeze", "axes")
        }
        return [.tensor(Tensor(uncheckedShape: try Self.unsqueezedShape(x.shape, axes: axes), storage: x.storage))]
    }

    /// `shape` with a 1 inserted at each of `axes` (positions in the output, negative from the back).
    static func unsqueezedShape(_ shape: [Int], axes: [Int]) throws -> [Int] {
        let rank = shape.count + axes.count
        let inserted = Set(try TensorKernels.axes(axes, rank: rank, "Unsqueeze"))
        var result: [Int] = []
        result.reserveCapacity(rank)
        var next = shape.makeIterator()
        for i in 0..<rank { result.append(inserted.contains(i) ? 1 : next.next()!) }
        return result
    }
}
