import Testing

@testable import AugurRuntime

/// Builds one ai.onnx.ml node from the default registry and runs it, for hand-computed operator tests.
enum MLNode {
    static func make(
        _ opType: String, opset: Int = 3, inputs: Int = 1, outputs: Int = 1, _ attributes: [String: Attribute]
    ) throws -> any Operator {
        let node = NodeInfo(
            name: "\(opType)_test", opType: opType, domain: "ai.onnx.ml", opsetVersion: opset,
            attributes: NodeAttributes(nodeName: "\(opType)_test", opType: opType, values: attributes),
            inputs: (0..<inputs).map { "in\($0)" }, outputs: (0..<outputs).map { "out\($0)" })
        let factory = try #require(OperatorRegistry.default.factory(domain: "ai.onnx.ml", opType: opType, opsetVersion: opset))
        return try factory(node)
    }

    static func run(
        _ opType: String, opset: Int = 3, outputs: Int = 1, _ attributes: [String: Attribute], _ inputs: Value...
    ) throws -> [Value] {
        let op = try make(opType, opset: opset, inputs: inputs.count, outputs: outputs, attributes)
        return try op.run(inputs.map { $0 }, context: ExecutionContext())
    }

    static func floats(_ value: Value) throws -> [Float] {
        try #require(value.tensor?.floats)
    }

    static func matrix(_ rows: [[Float]]) -> Value {
        .tensor(Tensor(shape: [rows.count, rows.first?.count ?? 0], elements: rows.flatMap { $0 }))
    }

    static func ints(_ v: [Int64]) -> Attribute { .ints(v) }

    /// Two trees on feature 0: tree 0 is `x ≤ 0.5 ? 1 : 2`, tree 1 is a single leaf 0.25 (list attributes).
    static func twoTrees(mode: String = "BRANCH_LEQ", weightPrefix: String = "target") -> [String: Attribute] {
        [
            "nodes_treeids": .ints([0, 0, 0, 1]), "nodes_nodeids": .ints([0, 1, 2, 0]),
            "nodes_featureids": .ints([0, 0, 0, 0]), "nodes_values": .floats([0.5, 0, 0, 0]),
            "nodes_modes": .strings([mode, "LEAF", "LEAF", "LEAF"]),
            "nodes_truenodeids": .ints([1, 0, 0, 0]), "nodes_falsenodeids": .ints([2, 0, 0, 0]),
            "\(weightPrefix)_treeids": .ints([0, 0, 1]), "\(weightPrefix)_nodeids": .ints([1, 2, 0]),
            "\(weightPrefix)_ids": .ints([0, 0, 0]), "\(weightPrefix)_weights": .floats([1, 2, 0.25]),
        ]
    }
}
