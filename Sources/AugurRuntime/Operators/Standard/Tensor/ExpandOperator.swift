/// Expand: broadcasts `input` against `shape` in both directions (numpy rules); a `1` in `shape`
/// keeps the input's dimension, so the output may be larger than `shape` asks.
struct ExpandOperator: Operator {
    init(node: NodeInfo) throws {}

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try TensorKernels.tensor(inputs, 0, "Expand", "input")
        let shapeTensor = try TensorKernels.tensor(inputs, 1, "Expand", "shape")
        guard shapeTensor.rank <= 1 else {
            throw RuntimeError.invalidInput("Expand: 'shape' must be 1-D, got shape \(shapeTensor.shape)")
        }
        return [.tensor(try Self.expand(x, to: TensorKernels.integers(shapeTensor, "Expand", "shape")))]
    }

    /// `x` broadcast together with `shape`.
    static func expand(_ x: Tensor, to shape: [Int]) throws -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError.invalidInput("Expand: shape \(shape) has a negative dimension")
        }
        let outputShape: [Int]
        do {
            outputShape = try Broadcast.shape(x.shape, shape)
        } catch {
            throw RuntimeError.invalidInput("Expand: input of shape \(x.shape) cannot be broadcast with shape \(shape)")
        }
        if outputShape == x.shape { return x }
        let strides = Broadcast.strides(input: x.shape, output: outputShape)
        return try TensorKernels.dispatch(x.dataType, Kernel(input: x, strides: strides, outputShape: outputShape))
    }

    private struct Kernel: TensorKernels.ElementVisitor {
        let input: Tensor
        let strides: [Int]
        let outputShape: [Int]

        func visit<T: TensorElement>(_ type: T.Type) throws -> Tensor {
            try input.withUnsafeBufferPointer(as: T.self) { src in
                Tensor.build(shape: outputShape, of: T.self) { out in
                    TensorKernels.stridedCopy(from: src, base: 0, dims: outputShape, strides: strides, into: out)
                }
            }
        }
    }
}
