/// ai.onnx.ml FeatureVectorizer: concatenates its `[N, Cᵢ]` inputs (1-D as `[1, C]`) column-wise into
/// one float matrix, each input cut or zero-padded to its declared `inputdimensions` width.
struct FeatureVectorizerOperator: Operator {
    let dimensions: [Int]

    init(node: NodeInfo) throws {
        dimensions = try node.attributes.ints("inputdimensions", default: [])
        guard dimensions.allSatisfy({ $0 >= 0 }) else {
            throw node.attributes.invalid("inputdimensions", "sizes must not be negative: \(dimensions)")
        }
        guard dimensions.count == node.inputs.count else {
            throw node.attributes.invalid("inputdimensions", "has \(dimensions.count) sizes for \(node.inputs.count) inputs")
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let matrices = try inputs.map { try FeatureMatrix($0, operation: "FeatureVectorizer") }
        let rows = matrices.first?.rows ?? 0
        if let odd = matrices.first(where: { $0.rows != rows }) {
            throw RuntimeError.invalidInput("FeatureVectorizer inputs have \(rows) and \(odd.rows) rows; they must agree")
        }
        let width = dimensions.reduce(0, +)
        let y = Tensor.build(shape: [rows, width], of: Float.self) { out in
            var column = 0
            for (m, dim) in zip(matrices, dimensions) {
                for r in 0..<rows {
                    for k in 0..<dim {
                        out[r * width + column + k] = k < m.columns ? m.values[r * m.columns + k] : 0
                    }
                }
                column += dim
            }
        }
        return [.tensor(y)]
    }
}
