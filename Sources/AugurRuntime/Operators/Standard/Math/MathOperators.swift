/// Arithmetic, activations, matrix products, reductions, convolution, pooling and normalisation (ai.onnx).
enum MathOperators {
    /// Adds these operators to `registry`.
    static func register(into registry: inout OperatorRegistry) {
        for kind in [BinaryArithmeticOperator.Kind.add, .sub, .mul, .div] {
            registry.register(opType: kind.rawValue, sinceVersion: 1) { try BinaryArithmeticOperator(node: $0, kind: kind) }
        }
        registry.register(opType: "Pow", sinceVersion: 1) { try PowOperator(node: $0) }
        for kind in UnaryMathOperator.Kind.allCases {
            let since = switch kind {
            case .erf: 9
            case .gelu: 20
            default: 1
            }
            registry.register(opType: kind.rawValue, sinceVersion: since) { try UnaryMathOperator(node: $0, kind: kind) }
        }
        registry.register(opType: "Clip", sinceVersion: 1) { try ClipOperator(node: $0) }
        registry.register(opType: "Softmax", sinceVersion: 1) { try SoftmaxOperator(node: $0, logarithmic: false) }
        registry.register(opType: "LogSoftmax", sinceVersion: 1) { try SoftmaxOperator(node: $0, logarithmic: true) }
        registry.register(opType: "ArgMax", sinceVersion: 1) { try ArgMaxOperator(node: $0) }
        for kind in [ReduceOperator.Kind.sum, .mean, .max] {
            registry.register(opType: kind.rawValue, sinceVersion: 1) { try ReduceOperator(node: $0, kind: kind) }
        }
        registry.register(opType: "Gemm", sinceVersion: 1) { try GemmOperator(node: $0) }
        registry.register(opType: "MatMul", sinceVersion: 1) { try MatMulOperator(node: $0) }
        registry.register(opType: "Conv", sinceVersion: 1) { try ConvOperator(node: $0) }
        registry.register(opType: "MaxPool", sinceVersion: 1) { try PoolOperator(node: $0, isMax: true) }
        registry.register(opType: "AveragePool", sinceVersion: 1) { try PoolOperator(node: $0, isMax: false) }
        registry.register(opType: "GlobalAveragePool", sinceVersion: 1) { try GlobalAveragePoolOperator(node: $0) }
        registry.register(opType: "BatchNormalization", sinceVersion: 1) { try BatchNormalizationOperator(node: $0) }
        registry.register(opType: "LayerNormalization", sinceVersion: 17) { try LayerNormalizationOperator(node: $0) }
    }
}
