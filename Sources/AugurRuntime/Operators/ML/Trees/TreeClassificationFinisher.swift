/// Final step of TreeEnsembleClassifier: base values, top class, post transform, following onnxruntime
/// (whose binary rules ONNX leaves open).
///
/// With more than two classes: base values are added (a class with a base value counts as scored),
/// the label is the first highest scored class, the transform applies to the row (unscored classes as 0).
/// With two classes, the positive score decides: when all weights belong to one class ("binary case")
/// the label is `labels[1]` for a score > 0.5 (all weights ≥ 0) or > 0 (mixed signs) and the missing
/// column is derived (`1 − p` or `−s`, or the logistic of ±s); otherwise the label is the literal 1
/// or 0 (indexing string labels). Scores are computed in the trees' precision, transforms in float.
struct TreeClassificationFinisher: TreeScoreFinisher {
    var labels: ClassLabels
    var baseValues: [Double]
    var transform: PostTransform
    /// Every weight is for the same class of two.
    var binaryCase: Bool
    var weightsAllPositive: Bool

    func finish<S: BinaryFloatingPoint & Sendable>(
        scores: UnsafeMutableBufferPointer<S>, has: UnsafeMutableBufferPointer<UInt8>, rows: Int, inputType: DataType
    ) throws -> [Value] {
        let classes = labels.count
        var picks = [Int](repeating: 0, count: rows)
        let z = Tensor.build(shape: [rows, classes], of: Float.self) { out in
            for r in 0..<rows {
                let s = UnsafeMutableBufferPointer(rebasing: scores[(r * classes)..<((r + 1) * classes)])
                let h = UnsafeMutableBufferPointer(rebasing: has[(r * classes)..<((r + 1) * classes)])
                let row = UnsafeMutableBufferPointer(rebasing: out[(r * classes)..<((r + 1) * classes)])
                picks[r] = classes > 2 ? multiclass(s, h, row) : binary(s, h, row)
            }
        }
        return [.tensor(labels.tensor(picks: picks)), .tensor(z)]
    }

    private func multiclass<S: BinaryFloatingPoint>(
        _ s: UnsafeMutableBufferPointer<S>, _ h: UnsafeMutableBufferPointer<UInt8>, _ row: UnsafeMutableBufferPointer<Float>
    ) -> Int {
        for k in 0..<Swift.min(baseValues.count, s.count) {
            s[k] = h[k] != 0 ? s[k] + S(baseValues[k]) : S(baseValues[k])
            h[k] = 1
        }
        var best = -1
        for k in 0..<s.count where h[k] != 0 && (best < 0 || s[k] > s[best]) { best = k }
        for k in 0..<s.count { row[k] = h[k] != 0 ? Float(s[k]) : 0 }
        transform.apply(row)
        return Swift.max(best, 0)
    }

    private func binary<S: BinaryFloatingPoint>(
        _ s: UnsafeMutableBufferPointer<S>, _ h: UnsafeMutableBufferPointer<UInt8>, _ row: UnsafeMutableBufferPointer<Float>
    ) -> Int {
        var columns = 2
        var derive = SecondColumn.none
        if baseValues.count == 2 {
            if h[1] != 0 {
                // onnxruntime uses class 0's sum plus base_values[1] as the positive score here.
                s[1] = S(baseValues[1]) + s[0]
                s[0] = -s[1]
                h[1] = 1
            } else {
                s[1] += S(baseValues[1])
                s[0] += S(baseValues[0])
            }
        } else if baseValues.count == 1 {
            s[0] += S(baseValues[0])
            if h[1] == 0 { columns = 1 }
        } else if baseValues.isEmpty {
            derive = .negation
            if h[1] == 0 { columns = 1 }
        }
        let positive: S = columns == 2 && h[1] != 0 ? s[1] : (h[0] != 0 ? s[0] : 0)
        let pick: Int
        if binaryCase {
            if weightsAllPositive {
                (pick, derive) = (positive > 0.5 ? 1 : 0, .complement)
            } else {
                (pick, derive) = (positive > 0 ? 1 : 0, .negation)
            }
        } else if case .int64 = labels {
            pick = positive > 0 ? ClassLabels.literalOne : ClassLabels.literalZero
        } else {
            pick = positive > 0 ? 1 : 0
        }
        if columns == 2 {
            // Unscored classes are written as 0, whatever base value was added to them.
            row[0] = h[0] != 0 ? Float(s[0]) : 0
            row[1] = h[1] != 0 ? Float(s[1]) : 0
            transform.apply(row)
            return pick
        }
        let v: Float = h[0] != 0 ? Float(s[0]) : 0
        if transform == .probit {
            row[0] = MLMath.probit(v)
            row[1] = 0
            return pick
        }
        switch derive {
        case .complement:
            row[0] = 1 - v
            row[1] = v
        case .negation:
            if transform == .logistic {
                row[0] = MLMath.logistic(-v)
                row[1] = MLMath.logistic(v)
            } else {
                row[0] = -v
                row[1] = v
            }
        case .none:
            row[0] = v
            row[1] = 0
        }
        return pick
    }

    /// How the unscored column of a binary row is derived from the scored one.
    private enum SecondColumn {
        /// `[1 − p, p]`: the weights are probabilities.
        case complement
        /// `[−s, s]` (or `[σ(−s), σ(s)]` under LOGISTIC): the weights are margins.
        case negation
        /// Not derived (written as 0).
        case none
    }
}
