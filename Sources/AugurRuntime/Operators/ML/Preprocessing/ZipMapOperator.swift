/// ai.onnx.ml ZipMap: turns each row of class scores into a map from class label to score
/// (a `Value.mapSequence`, one map per row; a 1-D input is one row).
struct ZipMapOperator: Operator {
    let keys: MapKeys

    init(node: NodeInfo) throws {
        let a = node.attributes
        guard let labels = try ClassLabels.parse(a, intsName: "classlabels_int64s") else {
            throw a.invalid("classlabels_int64s", "one of classlabels_int64s or classlabels_strings must be set")
        }
        keys = labels.mapKeys
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let input = inputs.first ?? nil else { throw RuntimeError.invalidInput("ZipMap needs its input X") }
        let x = try input.asTensor()
        guard let values = x.floats else { throw RuntimeError.unsupportedDataType(x.dataType, operation: "ZipMap") }
        let (_, columns) = try FeatureMatrix.dimensions(of: x, operation: "ZipMap")
        guard columns == keys.count else {
            throw RuntimeError.invalidInput("ZipMap has \(keys.count) labels but the input has \(columns) columns")
        }
        return [.mapSequence(try MapSequence(keys: keys, values: values))]
    }
}
