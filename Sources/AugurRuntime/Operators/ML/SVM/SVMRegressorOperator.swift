/// ai.onnx.ml SVMRegressor: Σ coefficients · k(x, support vector) + rho (or a linear model when there
/// are no support vectors); with `one_class` the sign as ±1. Like onnxruntime, `post_transform` is ignored.
struct SVMRegressorOperator: Operator {
    let kernel: SVMKernel
    let supportVectors: [Float]
    let vectorCount: Int
    let coefficients: [Float]
    let rho: Float
    let oneClass: Bool

    init(node: NodeInfo) throws {
        let a = node.attributes
        vectorCount = try a.int("n_supports", default: 0)
        supportVectors = try a.floats("support_vectors", default: [])
        coefficients = try a.floats("coefficients")
        guard let rho = try a.floats("rho", default: []).first else { throw a.invalid("rho", "needs one value") }
        self.rho = rho
        oneClass = try a.int("one_class", default: 0) != 0
        kernel = vectorCount > 0 ? try SVMKernel(a) : SVMKernel(kind: .linear)
        if vectorCount > 0 {
            guard supportVectors.count % vectorCount == 0, coefficients.count == vectorCount else {
                throw a.invalid("support_vectors", "\(supportVectors.count) values and \(coefficients.count) coefficients do not fit \(vectorCount) support vectors")
            }
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try FeatureMatrix(inputs.first ?? nil, operation: "SVMRegressor")
        let features = vectorCount > 0 ? supportVectors.count / vectorCount : coefficients.count
        guard x.columns == features else {
            throw RuntimeError.invalidInput("SVMRegressor expects \(features) features, the input has \(x.columns)")
        }
        let y = Tensor.build(shape: [x.rows, 1], of: Float.self) { out in
            x.values.withUnsafeBufferPointer { xs in
                supportVectors.withUnsafeBufferPointer { sv in
                    coefficients.withUnsafeBufferPointer { coef in
                        for r in 0..<x.rows {
                            let row = xs.baseAddress! + r * features
                            var score: Float
                            if vectorCount > 0 {
                                score = 0
                                for v in 0..<vectorCount {
                                    score += coef[v] * kernel.apply(row, sv.baseAddress! + v * features, features: features)
                                }
                                score += rho
                            } else {
                                score = MLMath.dot(row, coef.baseAddress!, features) + rho
                            }
                            out[r] = oneClass ? (score > 0 ? 1 : -1) : score
                        }
                    }
                }
            }
        }
        return [.tensor(y)]
    }
}
