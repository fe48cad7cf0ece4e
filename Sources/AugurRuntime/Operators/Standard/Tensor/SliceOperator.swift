/// Slice: takes `starts..<ends` with `steps` along `axes` (attributes before opset 10, inputs from 10).
///
/// Out-of-range bounds clamp as ONNX documents: negative bounds count from the end, then for a
/// positive step both clamp to `[0, dim]`; for a negative step `start` clamps to `[0, dim - 1]`
/// and `end` to `[-1, dim - 1]`, so INT_MAX / INT_MIN mean "to the end" in either direction.
struct SliceOperator: Operator {
    /// Opset 1–9 parameters: starts, ends and optional axes (steps are always 1).
    let attributeBounds: (starts: [Int], ends: [Int], axes: [Int]?)?

    init(node: NodeInfo) throws {
        if node.opsetVersion < 10 {
            let a = node.attributes
            attributeBounds = (try a.ints("starts"), try a.ints("ends"), try a.intsIfPresent("axes"))
        } else {
            attributeBounds = nil
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try TensorKernels.tensor(inputs, 0, "Slice", "data")
        let starts, ends: [Int]
        var axes: [Int]?
        var steps: [Int]?
        if let attributeBounds {
            (starts, ends, axes) = attributeBounds
        } else {
            func values(_ i: Int, _ name: String) throws -> [Int]? {
                try TensorKernels.optionalTensor(inputs, i, "Slice", name).map {
                    try TensorKernels.integers($0, "Slice", name)
                }
            }
            guard let s = try values(1, "starts"), let e = try values(2, "ends") else {
                throw RuntimeError.invalidInput("Slice needs its 'starts' and 'ends' inputs")
            }
            (starts, ends) = (s, e)
            axes = try values(3, "axes")
            steps = try values(4, "steps")
        }
        return [.tensor(try Self.slice(x, starts: starts, ends: ends, axes: axes, steps: steps))]
    }

    /// The slice of `x`; `axes` defaults to `0..<starts.count` and `steps` to all ones.
    static func slice(_ x: Tensor, starts: [Int], ends: [Int], axes: [Int]?, steps: [Int]?) throws -> Tensor {
        let n = starts.count
        let axes = axes ?? Array(0..<n)
        let steps = steps ?? Array(repeating: 1, count: n)
        guard ends.count == n, axes.count == n, steps.count == n else {
            throw RuntimeError.invalidInput(
                "Slice: starts (\(n)), ends (\(ends.count)), axes (\(axes.count)) and steps (\(steps.count)) "
                    + "must have the same length"
            )
        }
        let normalizedAxes = try TensorKernels.axes(axes, rank: x.rank, "Slice")
        var begin = [Int](repeating: 0, count: x.rank)
        var step = [Int](repeating: 1, count: x.rank)
        var outputShape = x.shape
        for i in 0..<n {
            let axis = normalizedAxes[i]
            let dim = x.shape[axis]
            guard steps[i] != 0 else { throw RuntimeError.invalidInput("Slice: steps must not be 0 (axis \(axes[i]))") }
            let (start, count) = bounds(start: starts[i], end: ends[i], step: steps[i], dim: dim)
            begin[axis] = start
            step[axis] = steps[i]
            outputShape[axis] = count
        }
        if outputShape == x.shape && step.allSatisfy({ $0 == 1 }) { return x }
        let inputStrides = Shape.strides(x.shape)
        let base = zip(begin, inputStrides).reduce(0) { $0 + $1.0 * $1.1 }
        let strides = zip(step, inputStrides).map { $0 * $1 }
        return try TensorKernels.dispatch(x.dataType, Kernel(input: x, base: base, strides: strides, outputShape: outputShape))
    }

    /// The clamped first index and the element count along one axis.
    static func bounds(start: Int, end: Int, step: Int, dim: Int) -> (start: Int, count: Int) {
        var s = start < 0 ? start &+ dim : start
        var e = end < 0 ? end &+ dim : end
        if step > 0 {
            s = min(max(s, 0), dim)
            e = min(max(e, 0), dim)
            return (s, e > s ? (e - s - 1) / step + 1 : 0)
        }
        s = min(max(s, 0), dim - 1)
        e = min(max(e, -1), dim - 1)
        let magnitude = step == Int.min ? Int.max : -step
        return (max(s, 0), s > e ? (s - e - 1) / magnitude + 1 : 0)
    }

    private struct Kernel: TensorKernels.ElementVisitor {
        let input: Tensor
        let base: Int
        let strides: [Int]
        let outputShape: [Int]

        func visit<T: TensorElement>(_ type: T.Type) throws -> Tensor {
            try input.withUnsafeBufferPointer(as: T.self) { src in
                Tensor.build(shape: outputShape, of: T.self) { out in
                    TensorKernels.stridedCopy(from: src, base: base, dims: outputShape, strides: strides, into: out)
                }
            }
        }
    }
}
