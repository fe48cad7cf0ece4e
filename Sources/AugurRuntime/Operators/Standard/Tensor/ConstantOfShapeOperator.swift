/// ConstantOfShape: a tensor of the shape given by its input, every element equal to the one-element
/// `value` attribute (default: float 0); an empty shape gives a scalar.
struct ConstantOfShapeOperator: Operator {
    let value: Tensor

    init(node: NodeInfo) throws {
        value = try node.attributes.tensorIfPresent("value") ?? Tensor(scalar: Float(0))
        guard value.count == 1 else {
            throw node.attributes.invalid("value", "must hold exactly one element, got \(value.count)")
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let shapeTensor = try TensorKernels.tensor(inputs, 0, "ConstantOfShape", "input")
        guard shapeTensor.rank <= 1 else {
            throw RuntimeError.invalidInput("ConstantOfShape: the shape input must be 1-D, got shape \(shapeTensor.shape)")
        }
        let shape = try TensorKernels.integers(shapeTensor, "ConstantOfShape", "input")
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError.invalidInput("ConstantOfShape: shape \(shape) has a negative dimension")
        }
        return [.tensor(try TensorKernels.dispatch(value.dataType, Fill(value: value, shape: shape)))]
    }

    private struct Fill: TensorKernels.ElementVisitor {
        let value: Tensor
        let shape: [Int]

        func visit<T: TensorElement>(_ type: T.Type) throws -> Tensor {
            let element = try value.elements(T.self)[0]
            return Tensor.build(shape: shape, of: T.self) { out in
                if out.count > 0 { out.baseAddress!.update(repeating: element, count: out.count) }
            }
        }
    }
}
