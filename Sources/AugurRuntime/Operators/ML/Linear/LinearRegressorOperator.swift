/// ai.onnx.ml LinearRegressor: Y = X · Wᵀ + b per target, then the post transform.
///
/// As in onnxruntime, intercepts are used only when there is one per target, and a single target
/// is only transformed by PROBIT.
struct LinearRegressorOperator: Operator {
    let coefficients: [Float]
    let intercepts: [Float]
    let targets: Int
    let transform: PostTransform

    init(node: NodeInfo) throws {
        let a = node.attributes
        coefficients = try a.floats("coefficients")
        targets = try a.int("targets", default: 1)
        guard targets > 0, coefficients.count % targets == 0 else {
            throw a.invalid("coefficients", "\(coefficients.count) coefficients do not split into \(targets) targets")
        }
        let given = try a.floats("intercepts", default: [])
        intercepts = given.count == targets ? given : []
        transform = try PostTransform.parse(a)
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try FeatureMatrix(inputs.first ?? nil, operation: "LinearRegressor")
        let features = coefficients.count / targets
        guard x.columns == features else {
            throw RuntimeError.invalidInput("LinearRegressor has \(features) coefficients per target, the input has \(x.columns) features")
        }
        var scores = LinearScorer.scores(x, coefficients: coefficients, intercepts: intercepts, targets: targets)
        if transform != .none {
            scores.withUnsafeMutableBufferPointer { all in
                for r in 0..<x.rows {
                    transform.apply(UnsafeMutableBufferPointer(rebasing: all[(r * targets)..<((r + 1) * targets)]))
                }
            }
        }
        return [.tensor(Tensor(uncheckedShape: [x.rows, targets], storage: .float(scores)))]
    }
}
