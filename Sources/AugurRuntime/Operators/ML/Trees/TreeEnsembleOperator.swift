/// ai.onnx.ml TreeEnsemble (opset 5): per-target aggregated leaf weights, with set membership nodes;
/// the output has the input's element type.
struct TreeEnsembleOperator: Operator {
    let runner: TreeEnsembleRunner
    let finisher: TreeRegressionFinisher

    init(node: NodeInfo) throws {
        let a = node.attributes
        let targets = try a.int("n_targets")
        guard targets >= 1 else { throw a.invalid("n_targets", "must be at least 1, got \(targets)") }
        let definition = try TreeEnsembleV5Parser.parse(a)
        try definition.checkTargets(targets, attributes: a, name: "leaf_targetids")
        let code = try a.int("aggregate_function", default: 1)
        guard let aggregate = TreeAggregate(rawValue: code) else {
            throw a.invalid("aggregate_function", "\(code) is not one of 0 (AVERAGE), 1 (SUM), 2 (MIN), 3 (MAX)")
        }
        runner = TreeEnsembleRunner(definition, targets: targets, aggregate: aggregate)
        finisher = TreeRegressionFinisher(
            aggregate: aggregate, baseValues: [], transform: try PostTransform.parseInteger(a),
            treeCount: definition.roots.count, targets: targets, outputMatchesInput: true)
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        try runner.run(inputs.first ?? nil, operation: "TreeEnsemble", finisher: finisher)
    }
}
