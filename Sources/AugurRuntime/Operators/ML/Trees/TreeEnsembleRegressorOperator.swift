/// ai.onnx.ml TreeEnsembleRegressor (opsets 1 and 3): per-target aggregated leaf weights.
struct TreeEnsembleRegressorOperator: Operator {
    let runner: TreeEnsembleRunner
    let finisher: TreeRegressionFinisher

    init(node: NodeInfo) throws {
        let a = node.attributes
        let targets = try a.int("n_targets", default: 1)
        guard targets >= 1 else { throw a.invalid("n_targets", "must be at least 1, got \(targets)") }
        let definition = try TreeEnsembleListParser.parse(a, weightPrefix: "target")
        try definition.checkTargets(targets, attributes: a, name: "target_ids")
        let aggregate = try TreeAggregate.parse(a)
        var usedDouble = false
        let base = try TreeAttributeReader.reals(a, "base_values", usedDouble: &usedDouble)
        runner = TreeEnsembleRunner(definition, targets: targets, aggregate: aggregate)
        finisher = TreeRegressionFinisher(
            aggregate: aggregate, baseValues: base, transform: try PostTransform.parse(a),
            treeCount: definition.roots.count, targets: targets, outputMatchesInput: false)
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        try runner.run(inputs.first ?? nil, operation: "TreeEnsembleRegressor", finisher: finisher)
    }
}
