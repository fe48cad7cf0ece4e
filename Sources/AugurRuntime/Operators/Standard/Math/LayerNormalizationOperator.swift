/// LayerNormalization (opset 17): normalises over the dimensions from `axis` (default -1) on,
/// `Y = (X - mean) * InvStdDev * Scale + B`, with `InvStdDev = 1 / sqrt(var + epsilon)`; Mean and
/// InvStdDev are optional outputs shaped like X with the normalised dimensions set to 1.
struct LayerNormalizationOperator: Operator {
    let axis: Int
    let epsilon: Float

    init(node: NodeInfo) throws {
        axis = try node.attributes.int("axis", default: -1)
        epsilon = try node.attributes.float("epsilon", default: 1e-5)
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, "LayerNormalization")
        let scale = try MathOperatorInputs.tensor(inputs, 1, "LayerNormalization")
        let bias = try MathOperatorInputs.optionalTensor(inputs, 2)
        let a = try Shape.normalizeAxis(axis, rank: x.rank)
        let normalizedShape = Array(x.shape[a...])
        for t in [scale] + (bias.map { [$0] } ?? []) where !Broadcast.canBroadcast(t.shape, to: normalizedShape) {
            throw RuntimeError.invalidInput(
                "LayerNormalization: Scale/B of shape \(t.shape) do not broadcast to the normalised shape \(normalizedShape)")
        }
        let statsShape = Array(x.shape[..<a]) + Array(repeating: 1, count: x.rank - a)
        switch x.storage {
        case .float(let v):
            return try normalize(v, x.shape, a, scale, bias, statsShape, Float.self)
        case .double(let v):
            return try normalize(v, x.shape, a, scale, bias, statsShape, Double.self)
        default:
            throw RuntimeError.unsupportedDataType(x.dataType, operation: "LayerNormalization")
        }
    }

    func normalize<T: TensorElement & BinaryFloatingPoint>(
        _ v: [T], _ shape: [Int], _ a: Int, _ scale: Tensor, _ bias: Tensor?, _ statsShape: [Int], _ type: T.Type
    ) throws -> [Value] {
        let inner = Shape.elementCount(Array(shape[a...]))
        let outer = Shape.elementCount(Array(shape[..<a]))
        let normalizedShape = Array(shape[a...])
        let gamma = try Self.expand(try scale.elements(T.self), scale.shape, to: normalizedShape)
        let beta = try bias.map { try Self.expand(try $0.elements(T.self), $0.shape, to: normalizedShape) }
        var means = [T](repeating: 0, count: outer)
        var invStd = [T](repeating: 0, count: outer)
        let eps = T(epsilon)
        let y = Tensor.build(shape: shape, of: T.self) { out in
            v.withUnsafeBufferPointer { src in
                for o in 0..<outer {
                    let base = o * inner
                    var sum: T = 0
                    for i in 0..<inner { sum += src[base + i] }
                    let mu = sum / T(inner)
                    var squares: T = 0
                    for i in 0..<inner {
                        let d = src[base + i] - mu
                        squares += d * d
                    }
                    let r = 1 / (squares / T(inner) + eps).squareRoot()
                    means[o] = mu
                    invStd[o] = r
                    if let beta {
                        for i in 0..<inner { out[base + i] = (src[base + i] - mu) * r * gamma[i] + beta[i] }
                    } else {
                        for i in 0..<inner { out[base + i] = (src[base + i] - mu) * r * gamma[i] }
                    }
                }
            }
        }
        return [.tensor(y), .tensor(Tensor(shape: statsShape, elements: means)), .tensor(Tensor(shape: statsShape, elements: invStd))]
    }

    /// `values` of `shape` broadcast to the full normalised shape (a no-op when they already match).
    static func expand<T: TensorElement>(_ values: [T], _ shape: [Int], to target: [Int]) throws -> [T] {
        if shape == target || values.count == Shape.elementCount(target) { return values }
        let t = Tensor(uncheckedShape: shape, storage: T.storage(values))
        let zeros = Tensor(uncheckedShape: target, storage: T.storage(Array(repeating: T.zeroElement, count: Shape.elementCount(target))))
        let expanded = try Broadcast.binary(t, zeros) { (x: T, _: T) -> T in x }
        return try expanded.elements(T.self)
    }
}
