/// ai.onnx.ml LinearClassifier: scores = X · Wᵀ + b, the top class, then the post transform.
///
/// Follows onnxruntime where ONNX is vague: the label comes from the raw scores (first maximum wins);
/// with a single coefficient row and two labels the label is `labels[1]` when s > 0 and the scores
/// become `[1 − p, p]` with p = logistic(s) under LOGISTIC, else p = s (PROBIT instead writes the
/// probits of the column first, onnxruntime's packed layout); with a single row and no two labels,
/// the label is 1 or 0 and only PROBIT transforms the score.
struct LinearClassifierOperator: Operator {
    let coefficients: [Float]
    let intercepts: [Float]
    /// The number of coefficient rows; nil (no intercepts) means it is derived from the input width.
    let declaredTargets: Int?
    let labels: ClassLabels
    let transform: PostTransform

    init(node: NodeInfo) throws {
        let a = node.attributes
        coefficients = try a.floats("coefficients")
        let labels = try ClassLabels.parse(a, intsName: "classlabels_ints")
        guard let labels else { throw a.invalid("classlabels_ints", "one of classlabels_ints or classlabels_strings must be set") }
        self.labels = labels
        intercepts = try a.floats("intercepts", default: [])
        transform = try PostTransform.parse(a)
        declaredTargets = intercepts.isEmpty ? nil : intercepts.count
        if let targets = declaredTargets, coefficients.count % targets != 0 {
            throw a.invalid("coefficients", "\(coefficients.count) coefficients do not split into \(targets) class rows")
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try FeatureMatrix(inputs.first ?? nil, operation: "LinearClassifier")
        let targets = declaredTargets ?? (x.columns > 0 ? coefficients.count / x.columns : 0)
        guard targets > 0, coefficients.count == targets * x.columns else {
            throw RuntimeError.invalidInput(
                "LinearClassifier has \(coefficients.count) coefficients, which do not fit \(x.columns) input features")
        }
        guard targets == 1 || targets <= labels.count else {
            throw RuntimeError.invalidInput("LinearClassifier scores \(targets) classes but has \(labels.count) labels")
        }
        let binary = targets == 1 && labels.count == 2
        let outputColumns = binary ? 2 : targets
        var picks = [Int](repeating: 0, count: x.rows)
        let scores = LinearScorer.scores(x, coefficients: coefficients, intercepts: intercepts, targets: targets)
        let z = Tensor.build(shape: [x.rows, outputColumns], of: Float.self) { out in
            scores.withUnsafeBufferPointer { scores in
                picks.withUnsafeMutableBufferPointer { picks in
                    for r in 0..<x.rows {
                        let row = UnsafeMutableBufferPointer(rebasing: out[(r * outputColumns)..<((r + 1) * outputColumns)])
                        let raw = UnsafeBufferPointer(rebasing: scores[(r * targets)..<((r + 1) * targets)])
                        picks[r] = finishRow(raw, into: row, binary: binary)
                    }
                }
            }
            if binary && transform == .probit {
                for i in 0..<out.count { out[i] = i < x.rows ? MLMath.probit(scores[i]) : 0 }
            }
        }
        return [.tensor(labels.tensor(picks: picks)), .tensor(z)]
    }
}

extension LinearClassifierOperator {
    /// Writes one row's output scores and returns its label pick.
    @inline(__always)
    func finishRow(_ raw: UnsafeBufferPointer<Float>, into row: UnsafeMutableBufferPointer<Float>, binary: Bool) -> Int {
        if raw.count == 1 {
            let s = raw[0]
            if binary {
                let p = transform == .logistic ? MLMath.logistic(s) : s
                row[0] = 1 - p
                row[1] = p
                return s > 0 ? 1 : 0
            }
            row[0] = s
            transform.apply(row)
            return s > 0 ? ClassLabels.literalOne : ClassLabels.literalZero
        }
        var best = 0
        for c in 0..<raw.count {
            row[c] = raw[c]
            if raw[c] > raw[best] { best = c }
        }
        transform.apply(row)
        return best
    }
}

/// The dense affine map shared by the linear scorers: `X · Wᵀ + b` with W stored row per target.
enum LinearScorer {
    /// Returns `rows * targets` scores, row-major; `intercepts` may be empty.
    static func scores(_ x: FeatureMatrix, coefficients: [Float], intercepts: [Float], targets: Int) -> [Float] {
        let features = x.columns
        return [Float](unsafeUninitializedCapacity: x.rows * targets) { out, initialized in
            x.values.withUnsafeBufferPointer { xs in
                coefficients.withUnsafeBufferPointer { w in
                    for r in 0..<x.rows {
                        let row = xs.baseAddress! + r * features
                        for t in 0..<targets {
                            let sum = MLMath.dot(row, w.baseAddress! + t * features, features)
                            out[r * targets + t] = intercepts.isEmpty ? sum : sum + intercepts[t]
                        }
                    }
                }
            }
            initialized = x.rows * targets
        }
    }
}
