/// ai.onnx.ml Normalizer: scales each row by its MAX, L1 or L2 norm (float output); a zero norm leaves X.
struct NormalizerOperator: Operator {
    enum Norm: String { case max = "MAX", l1 = "L1", l2 = "L2" }
    let norm: Norm

    init(node: NodeInfo) throws {
        let text = try node.attributes.string("norm", default: "MAX")
        guard let norm = Norm(rawValue: text) else {
            throw node.attributes.invalid("norm", "'\(text)' is not one of MAX, L1, L2")
        }
        self.norm = norm
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try FeatureMatrix(inputs.first ?? nil, operation: "Normalizer")
        let shape = try inputs[0]!.asTensor().shape
        let c = x.columns
        let y = Tensor.build(shape: shape, of: Float.self) { out in
            x.values.withUnsafeBufferPointer { xs in
                for r in 0..<x.rows {
                    normalize(UnsafeBufferPointer(rebasing: xs[(r * c)..<((r + 1) * c)]),
                              into: UnsafeMutableBufferPointer(rebasing: out[(r * c)..<((r + 1) * c)]))
                }
            }
        }
        return [.tensor(y)]
    }

    /// Writes one normalised row.
    @inline(__always)
    private func normalize(_ row: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>) {
        switch norm {
        case .max:
            var m = -Float.greatestFiniteMagnitude
            for v in row { m = Swift.max(m, v) }
            for k in row.indices { out[k] = m != 0 ? row[k] / m : row[k] }
        case .l1:
            var sum: Float = 0
            for v in row { sum += abs(v) }
            for k in row.indices { out[k] = sum != 0 ? row[k] / sum : row[k] }
        case .l2:
            var sum: Float = 0
            for v in row { sum += v * v }
            // Written as ±sqrt(x² / Σx²), the spec's formula, which onnxruntime follows.
            for k in row.indices {
                let v = row[k]
                let magnitude = (v * v / sum).squareRoot()
                out[k] = sum != 0 ? (v < 0 ? -magnitude : magnitude) : v
            }
        }
    }
}
