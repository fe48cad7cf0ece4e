/// ai.onnx.ml TreeEnsembleClassifier (opsets 1 and 3, `_as_tensor` attributes included): the label
/// and per-class scores of a tree ensemble. Leaf weights are summed whatever the aggregate, as in
/// onnxruntime.
struct TreeEnsembleClassifierOperator: Operator {
    let runner: TreeEnsembleRunner
    let finisher: TreeClassificationFinisher

    init(node: NodeInfo) throws {
        let a = node.attributes
        guard let labels = try ClassLabels.parse(a, intsName: "classlabels_int64s") else {
            throw a.invalid("classlabels_int64s", "one of classlabels_int64s or classlabels_strings must be set")
        }
        guard labels.count >= 2 else { throw a.invalid("classlabels_int64s", "a classifier needs at least two classes") }
        let definition = try TreeEnsembleListParser.parse(a, weightPrefix: "class")
        try definition.checkTargets(labels.count, attributes: a, name: "class_ids")
        var usedDouble = false
        let base = try TreeAttributeReader.reals(a, "base_values", usedDouble: &usedDouble)
        let classesWithWeights = Set(definition.leafTargets)
        runner = TreeEnsembleRunner(definition, targets: labels.count, aggregate: .sum)
        finisher = TreeClassificationFinisher(
            labels: labels, baseValues: base, transform: try PostTransform.parse(a),
            binaryCase: labels.count == 2 && classesWithWeights.count == 1,
            weightsAllPositive: definition.leafWeights.allSatisfy { $0 >= 0 })
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        try runner.run(inputs.first ?? nil, operation: "TreeEnsembleClassifier", finisher: finisher)
    }
}
