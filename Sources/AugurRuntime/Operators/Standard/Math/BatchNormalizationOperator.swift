/// BatchNormalization. Inference (the default): `y = (x - mean) / sqrt(var + epsilon) * scale + B` per
/// channel, folded into one multiply-add per element. With `training_mode = 1` (opset 14+) the batch's
/// own statistics normalise, and the running mean/variance outputs blend them in with `momentum`.
struct BatchNormalizationOperator: Operator {
    let epsilon: Float
    let momentum: Float
    let training: Bool

    init(node: NodeInfo) throws {
        epsilon = try node.attributes.float("epsilon", default: 1e-5)
        momentum = try node.attributes.float("momentum", default: 0.9)
        if node.opsetVersion >= 14 {
            training = try node.attributes.int("training_mode", default: 0) != 0
        } else if node.opsetVersion < 7 {
            training = try node.attributes.int("is_test", default: 0) == 0 && node.outputs.count > 1
        } else {
            training = false
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, "BatchNormalization")
        let params = try (1...4).map { try MathOperatorInputs.tensor(inputs, $0, "BatchNormalization") }
        guard x.rank >= 2 else {
            throw RuntimeError.invalidInput("BatchNormalization needs X [N, C, …], got shape \(x.shape)")
        }
        switch x.storage {
        case .float(let a):
            return try normalize(a, x.shape, try params.map { try $0.floatValues() })
        case .double(let a):
            return try normalize(a, x.shape, try params.map { try $0.doubleValues() })
        default:
            throw RuntimeError.unsupportedDataType(x.dataType, operation: "BatchNormalization")
        }
    }

    func normalize<T: TensorElement & BinaryFloatingPoint>(_ a: [T], _ shape: [Int], _ p: [[T]]) throws -> [Value] {
        let batch = shape[0]
        let channels = shape[1]
        let spatial = Shape.elementCount(Array(shape[2...]))
        // Parameters are per channel, or (opset < 9, spatial = 0) per channel and position.
        let perElement = p[0].count == channels * spatial && spatial > 1
        let paramCount = perElement ? channels * spatial : channels
        guard p.allSatisfy({ $0.count == paramCount }) else {
            throw RuntimeError.invalidInput(
                "BatchNormalization parameters must have \(channels) values, got \(p.map(\.count)) for X \(shape)")
        }
        var mean = p[2]
        var variance = p[3]
        if training {
            guard !perElement else {
                throw RuntimeError.invalidInput("training-mode BatchNormalization needs per-channel parameters")
            }
            (mean, variance) = Self.batchStatistics(a, batch: batch, channels: channels, spatial: spatial)
        }
        let eps = T(epsilon)
        var scale = [T](repeating: 0, count: paramCount)
        var shift = [T](repeating: 0, count: paramCount)
        for c in 0..<paramCount {
            scale[c] = p[0][c] / (variance[c] + eps).squareRoot()
            shift[c] = p[1][c] - mean[c] * scale[c]
        }
        let y = Tensor.build(shape: shape, of: T.self) { out in
            a.withUnsafeBufferPointer { src in
                for n in 0..<batch {
                    for c in 0..<channels {
                        let base = (n * channels + c) * spatial
                        if perElement {
                            for i in 0..<spatial { out[base + i] = src[base + i] * scale[c * spatial + i] + shift[c * spatial + i] }
                        } else {
                            let s = scale[c]
                            let b = shift[c]
                            for i in 0..<spatial { out[base + i] = src[base + i] * s + b }
                        }
                    }
                }
            }
        }
        guard training else { return [.tensor(y)] }
        let m = T(momentum)
        let runningMean = (0..<paramCount).map { p[2][$0] * m + mean[$0] * (1 - m) }
        let runningVar = (0..<paramCount).map { p[3][$0] * m + variance[$0] * (1 - m) }
        return [
            .tensor(y), .tensor(Tensor(shape: [paramCount], elements: runningMean)),
            .tensor(Tensor(shape: [paramCount], elements: runningVar)),
        ]
    }

    /// Per-channel mean and population variance over batch and spatial positions.
    static func batchStatistics<T: BinaryFloatingPoint>(
        _ a: [T], batch: Int, channels: Int, spatial: Int
    ) -> ([T], [T]) {
        var mean = [T](repeating: 0, count: channels)
        var variance = [T](repeating: 0, count: channels)
        let count = T(batch * spatial)
        for c in 0..<channels {
            var sum: T = 0
            for n in 0..<batch {
                let base = (n * channels + c) * spatial
                for i in 0..<spatial { sum += a[base + i] }
            }
            let mu = sum / count
            var squares: T = 0
            for n in 0..<batch {
                let base = (n * channels + c) * spatial
                for i in 0..<spatial {
                    let d = a[base + i] - mu
                    squares += d * d
                }
            }
            mean[c] = mu
            variance[c] = squares / count
        }
        return (mean, variance)
    }
}
