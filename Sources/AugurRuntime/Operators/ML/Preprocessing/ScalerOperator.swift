/// ai.onnx.ml Scaler: Y = (X − offset) · scale per feature (last axis of an `[N, C]` input), as float.
struct ScalerOperator: Operator {
    let offset: [Float]
    let scale: [Float]

    init(node: NodeInfo) throws {
        let a = node.attributes
        offset = try a.floats("offset", default: [0])
        scale = try a.floats("scale", default: [1])
        guard offset.count == scale.count || offset.count == 1 || scale.count == 1 else {
            throw a.invalid("scale", "offset has \(offset.count) values and scale \(scale.count); they must match or be single")
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try FeatureMatrix(inputs.first ?? nil, operation: "Scaler")
        let shape = try inputs[0]!.asTensor().shape
        let c = x.columns
        for (name, values) in [("offset", offset), ("scale", scale)] where values.count != 1 && values.count != c {
            throw RuntimeError.invalidInput("Scaler's \(name) has \(values.count) values but the input has \(c) features")
        }
        let y = Tensor.build(shape: shape, of: Float.self) { out in
            for r in 0..<x.rows {
                for k in 0..<c {
                    let o = offset.count == 1 ? offset[0] : offset[k]
                    let s = scale.count == 1 ? scale[0] : scale[k]
                    out[r * c + k] = (x.values[r * c + k] - o) * s
                }
            }
        }
        return [.tensor(y)]
    }
}
