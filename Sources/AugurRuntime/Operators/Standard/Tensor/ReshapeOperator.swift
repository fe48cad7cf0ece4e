/// Reshape: same elements, new shape. In the requested shape `-1` is inferred from the element count
/// and `0` copies the input's dimension — unless `allowzero` (opset 14) is set, when `0` means zero.
struct ReshapeOperator: Operator {
    let allowZero: Bool
    /// Opset 1–4 carried the shape as an attribute.
    let attributeShape: [Int]?

    init(node: NodeInfo) throws {
        allowZero = node.opsetVersion >= 14 ? try node.attributes.int("allowzero", default: 0) != 0 : false
        attributeShape = node.opsetVersion < 5 ? try node.attributes.ints("shape") : nil
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let data = try TensorKernels.tensor(inputs, 0, "Reshape", "data")
        let requested: [Int]
        if let attributeShape {
            requested = attributeShape
        } else {
            let shapeTensor = try TensorKernels.tensor(inputs, 1, "Reshape", "shape")
            guard shapeTensor.rank == 1 else {
                throw RuntimeError.invalidInput("Reshape: 'shape' must be 1-D, got shape \(shapeTensor.shape)")
            }
            requested = try TensorKernels.integers(shapeTensor, "Reshape", "shape")
        }
        let shape = try Self.resolve(requested, input: data.shape, count: data.count, allowZero: allowZero)
        return [.tensor(Tensor(uncheckedShape: shape, storage: data.storage))]
    }

    /// The concrete output shape for `requested` applied to an input of `input` shape with `count` elements.
    static func resolve(_ requested: [Int], input: [Int], count: Int, allowZero: Bool) throws -> [Int] {
        var shape = requested
        var inferred: Int?
        for (i, d) in requested.enumerated() {
            switch d {
            case -1:
                guard inferred == nil else {
                    throw RuntimeError.invalidInput("Reshape: shape \(requested) has more than one -1")
                }
                inferred = i
            case 0 where !allowZero:
                guard i < input.count else {
                    throw RuntimeError.invalidInput(
                        "Reshape: shape \(requested) copies dimension \(i) with 0, but the input \(input) has rank \(input.count)"
                    )
                }
                shape[i] = input[i]
            case ..<0:
                throw RuntimeError.invalidInput("Reshape: shape \(requested) has an invalid dimension \(d)")
            default:
                break
            }
        }
        if let inferred {
            if allowZero && requested.contains(0) {
                throw RuntimeError.invalidInput("Reshape: with allowzero = 1, shape \(requested) may not hold both 0 and -1")
            }
            var known = 1
            for (i, d) in shape.enumerated() where i != inferred { known *= d }
            guard known > 0, count % known == 0 else {
                throw RuntimeError.invalidInput(
                    "Reshape: cannot infer the -1 in \(requested) for an input of shape \(input) (\(count) elements)"
                )
            }
            shape[inferred] = count / known
        }
        guard Shape.elementCount(shape) == count else {
            throw RuntimeError.invalidInput(
                "Reshape: cannot reshape an input of shape \(input) (\(count) elements) to \(requested) "
                    + "(\(Shape.elementCount(shape)) elements)"
            )
        }
        return shape
    }
}

/// Flatten: the input as a 2-D matrix `[prod(shape[..<axis]), prod(shape[axis...])]`.
struct FlattenOperator: Operator {
    let axis: Int

    init(node: NodeInfo) throws {
        axis = try node.attributes.int("axis", default: 1)
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try TensorKernels.tensor(inputs, 0, "Flatten", "input")
        let a = try TensorKernels.axis(axis, rank: x.rank, allowEnd: true, "Flatten")
        let (outer, inner) = Shape.flattenedSizes(x.shape, axis: a)
        return [.tensor(Tensor(uncheckedShape: [outer, inner], storage: x.storage))]
    }
}
