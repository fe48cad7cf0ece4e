/// ai.onnx.ml SVMClassifier as libsvm/sklearn-onnx models use it, following onnxruntime's rules:
///
/// - with support vectors (SVC): one-vs-one decision values Σ coef·k(x, sv) + rho for each class pair,
///   votes pick the label; with `prob_a`/`prob_b` the scores are Platt-scaled and coupled into class
///   probabilities, else the scores are the pairwise decision values
///   (two classes: `[−d, d]`, or `[1 − p, p]` under a transform, p = logistic(d) for LOGISTIC, else d);
/// - without support vectors (linear): per-class scores x·w + rho[0], top score wins (for two classes
///   `labels[1]` when the top score is > 0, or ≥ 0.5 when all coefficients are ≥ 0).
struct SVMClassifierOperator: Operator {
    let kernel: SVMKernel
    let labels: ClassLabels
    let supportVectors: [Float]
    let vectorsPerClass: [Int]
    let vectorStarts: [Int]
    let vectorCount: Int
    let coefficients: [Float]
    let rho: [Float]
    let probA: [Float]
    let probB: [Float]
    let transform: PostTransform
    let weightsAllPositive: Bool

    init(node: NodeInfo) throws {
        let a = node.attributes
        guard let labels = try ClassLabels.parse(a, intsName: "classlabels_ints") else {
            throw a.invalid("classlabels_ints", "one of classlabels_ints or classlabels_strings must be set")
        }
        self.labels = labels
        coefficients = try a.floats("coefficients")
        rho = try a.floats("rho")
        probA = try a.floats("prob_a", default: [])
        probB = try a.floats("prob_b", default: [])
        guard probA.count == probB.count else { throw a.invalid("prob_b", "prob_a and prob_b must have the same length") }
        supportVectors = try a.floats("support_vectors", default: [])
        vectorsPerClass = try a.ints("vectors_per_class", default: [])
        guard vectorsPerClass.allSatisfy({ $0 >= 0 }) else {
            throw a.invalid("vectors_per_class", "counts must not be negative: \(vectorsPerClass)")
        }
        var starts: [Int] = []
        var total = 0
        for n in vectorsPerClass {
            starts.append(total)
            total += n
        }
        vectorStarts = starts
        vectorCount = total
        transform = try PostTransform.parse(a)
        weightsAllPositive = coefficients.allSatisfy { $0 >= 0 }
        let k = labels.count
        if total > 0 {
            kernel = try SVMKernel(a)
            guard vectorsPerClass.count == k, supportVectors.count % total == 0, coefficients.count == (k - 1) * total else {
                throw a.invalid("coefficients", "expected \(k - 1) × \(total) coefficients and support vectors for \(k) classes")
            }
            guard rho.count >= k * (k - 1) / 2, probA.isEmpty || probA.count >= k * (k - 1) / 2 else {
                throw a.invalid("rho", "expected one rho (and prob_a/prob_b) per class pair")
            }
        } else {
            kernel = SVMKernel(kind: .linear)
            guard !rho.isEmpty, coefficients.count % k == 0 else {
                throw a.invalid("coefficients", "a linear SVM needs one coefficient row per class and a rho")
            }
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try FeatureMatrix(inputs.first ?? nil, operation: "SVMClassifier")
        let k = labels.count
        let features = vectorCount > 0 ? supportVectors.count / vectorCount : coefficients.count / k
        guard x.columns == features else {
            throw RuntimeError.invalidInput("SVMClassifier expects \(features) features, the input has \(x.columns)")
        }
        let pairs = k * (k - 1) / 2
        let hasProbabilities = !probA.isEmpty
        let columns = vectorCount > 0 && !hasProbabilities ? (k > 2 ? pairs : 2) : k
        var picks = [Int](repeating: 0, count: x.rows)
        var kernels = [Float](repeating: 0, count: vectorCount)
        var decisions = [Float](repeating: 0, count: pairs)
        var votes = [Int](repeating: 0, count: k)
        let z = Tensor.build(shape: [x.rows, columns], of: Float.self) { out in
            for i in 0..<out.count { out[i] = 0 }
            x.values.withUnsafeBufferPointer { xs in
                for r in 0..<x.rows {
                    let row = UnsafeMutableBufferPointer(rebasing: out[(r * columns)..<((r + 1) * columns)])
                    let input = xs.baseAddress! + r * features
                    if vectorCount > 0 {
                        picks[r] = scoreSVC(input, features, row, &kernels, &decisions, &votes)
                    } else {
                        picks[r] = scoreLinear(input, features, row)
                    }
                }
            }
        }
        return [.tensor(labels.tensor(picks: picks)), .tensor(z)]
    }

    private func scoreLinear(_ input: UnsafePointer<Float>, _ features: Int, _ row: UnsafeMutableBufferPointer<Float>) -> Int {
        let k = labels.count
        coefficients.withUnsafeBufferPointer { w in
            for c in 0..<k { row[c] = MLMath.dot(input, w.baseAddress! + c * features, features) + rho[0] }
        }
        var best = 0
        for c in 1..<k where row[c] > row[best] { best = c }
        var pick = best
        if k == 2 && probA.isEmpty {
            let top = row[best]
            if (weightsAllPositive && top >= 0.5) || (!weightsAllPositive && top > 0) { pick = 1 }
        }
        transform.apply(row)
        return pick
    }

    private func scoreSVC(
        _ input: UnsafePointer<Float>, _ features: Int, _ row: UnsafeMutableBufferPointer<Float>,
        _ kernels: inout [Float], _ decisions: inout [Float], _ votes: inout [Int]
    ) -> Int {
        let k = labels.count
        supportVectors.withUnsafeBufferPointer { sv in
            for v in 0..<vectorCount { kernels[v] = kernel.apply(input, sv.baseAddress! + v * features, features: features) }
        }
        for c in 0..<k { votes[c] = 0 }
        var pair = 0
        for i in 0..<(k - 1) {
            for j in (i + 1)..<k {
                // Class i's vectors weigh with coefficient row j − 1, class j's with row i.
                var sum: Double = 0
                for m in 0..<vectorsPerClass[i] {
                    sum += Double(coefficients[(j - 1) * vectorCount + vectorStarts[i] + m] * kernels[vectorStarts[i] + m])
                }
                for m in 0..<vectorsPerClass[j] {
                    sum += Double(coefficients[i * vectorCount + vectorStarts[j] + m] * kernels[vectorStarts[j] + m])
                }
                sum += Double(rho[pair])
                decisions[pair] = Float(sum)
                votes[sum > 0 ? i : j] += 1
                pair += 1
            }
        }
        if !probA.isEmpty {
            var pairwise = [Float](repeating: 0, count: k * k)
            var index = 0
            for i in 0..<(k - 1) {
                for j in (i + 1)..<k {
                    let p = SVMProbability.platt(decisions[index], a: probA[index], b: probB[index])
                    pairwise[i * k + j] = p
                    pairwise[j * k + i] = 1 - p
                    index += 1
                }
            }
            let probabilities = SVMProbability.couple(pairwise, classes: k)
            for c in 0..<k { row[c] = probabilities[c] }
        }
        // The label is the vote winner, with or without probabilities (as libsvm's predict and onnxruntime).
        var winner = 0
        for c in 1..<k where votes[c] > votes[winner] { winner = c }
        if !probA.isEmpty {
            transform.apply(row)
            return winner
        }
        if k > 2 {
            for p in 0..<pairs(k) { row[p] = decisions[p] }
            transform.apply(row)
            return winner
        }
        let d = decisions[0]
        switch transform {
        case .none: (row[0], row[1]) = (-d, d)
        case .probit: (row[0], row[1]) = (MLMath.probit(d), 0)
        case .logistic: (row[0], row[1]) = (1 - MLMath.logistic(d), MLMath.logistic(d))
        default: (row[0], row[1]) = (1 - d, d)
        }
        return winner
    }

    private func pairs(_ k: Int) -> Int { k * (k - 1) / 2 }
}
