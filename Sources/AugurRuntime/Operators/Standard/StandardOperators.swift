/// The ai.onnx operators (arithmetic, tensor manipulation, reductions, ...).
public enum StandardOperators {
    /// Adds every standard operator to `registry`.
    public static func register(into registry: inout OperatorRegistry) {
        MathOperators.register(into: &registry)
        TensorOperators.register(into: &registry)
        // Beyond the list, because sklearn-onnx's SVM exports use them.
        registry.register(opType: "Sum", sinceVersion: 8) { try SumOperator(node: $0) }
        registry.register(opType: "Sign", sinceVersion: 9) { try SignOperator(node: $0) }
    }
}
