/// Input access shared by the math kernels: required and optional tensors with errors naming the operator.
enum MathOperatorInputs {
    /// Input `index` as a tensor; throws when it is missing or not a tensor.
    @inlinable
    static func tensor(_ inputs: [Value?], _ index: Int, _ opType: String) throws -> Tensor {
        guard index < inputs.count, let value = inputs[index] else {
            throw RuntimeError.invalidInput("\(opType) needs input \(index), which is missing")
        }
        return try value.asTensor()
    }

    /// Input `index` as a tensor, or nil when it is omitted.
    @inlinable
    static func optionalTensor(_ inputs: [Value?], _ index: Int) throws -> Tensor? {
        guard index < inputs.count, let value = inputs[index] else { return nil }
        return try value.asTensor()
    }
}
