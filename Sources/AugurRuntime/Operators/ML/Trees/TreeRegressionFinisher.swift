/// Final step of the tree regressors: aggregate, base values, post transform; follows onnxruntime.
///
/// With one target, `base_values[0]` (when there is exactly one) is added and only PROBIT applies.
/// With several targets, base values are added when there is one per target, a target no tree
/// contributed to is 0, and the transform applies across the row.
struct TreeRegressionFinisher: TreeScoreFinisher {
    var aggregate: TreeAggregate
    var baseValues: [Double]
    var transform: PostTransform
    var treeCount: Int
    var targets: Int
    /// True for TreeEnsemble (opset 5), whose output has the input's element type; else float.
    var outputMatchesInput: Bool

    func finish<S: BinaryFloatingPoint & Sendable>(
        scores: UnsafeMutableBufferPointer<S>, has: UnsafeMutableBufferPointer<UInt8>, rows: Int, inputType: DataType
    ) throws -> [Value] {
        let trees = S(treeCount)
        if targets == 1 {
            let origin = baseValues.count == 1 ? S(baseValues[0]) : 0
            for r in 0..<rows {
                var v = scores[r]
                switch aggregate {
                case .sum: v += origin
                case .average: v = v / trees + origin
                case .min, .max: v = has[r] != 0 ? v + origin : origin
                }
                scores[r] = transform == .probit ? S(MLMath.probit(Float(v))) : v
            }
        } else {
            let useBase = baseValues.count == targets
            let base = baseValues.map { S($0) }
            for r in 0..<rows {
                for t in 0..<targets {
                    let slot = r * targets + t
                    guard has[slot] != 0 else { scores[slot] = 0; continue }
                    var v = aggregate == .average ? scores[slot] / trees : scores[slot]
                    if useBase { v += base[t] }
                    scores[slot] = v
                }
            }
            if transform != .none {
                var row = [Float](repeating: 0, count: targets)
                row.withUnsafeMutableBufferPointer { row in
                    for r in 0..<rows {
                        for t in 0..<targets { row[t] = Float(scores[r * targets + t]) }
                        transform.apply(row)
                        for t in 0..<targets { scores[r * targets + t] = S(row[t]) }
                    }
                }
            }
        }
        return [.tensor(TreeOutput.tensor(scores, shape: [rows, targets], type: outputMatchesInput ? inputType : .float))]
    }
}

/// Converts tree scores to the output element type.
enum TreeOutput {
    /// Double or float16 when asked for, float otherwise.
    static func tensor<S: BinaryFloatingPoint>(_ scores: UnsafeMutableBufferPointer<S>, shape: [Int], type: DataType) -> Tensor {
        switch type {
        case .double: Tensor(uncheckedShape: shape, storage: .double(scores.map { Double($0) }))
        case .float16: Tensor(uncheckedShape: shape, storage: .float16(scores.map { Float16Bits(Float($0)) }))
        default: Tensor(uncheckedShape: shape, storage: .float(scores.map { Float($0) }))
        }
    }
}
