import AugurRuntime

/// Small graphs built in code for session and validation tests.
enum TestModels {
    static func tensorInfo(_ name: String, _ type: DataType, _ shape: [Dimension]?) -> ValueInfo {
        ValueInfo(name: name, type: .tensor(elementType: type, shape: shape))
    }

    static func model(
        nodes: [ONNXNode],
        inputs: [ValueInfo],
        outputs: [ValueInfo],
        initializers: [NamedTensor] = [],
        opsets: [String: Int] = ["": 17]
    ) -> ONNXModel {
        ONNXModel(
            irVersion: 8,
            opsetImports: opsets,
            producerName: "augur-tests",
            graph: ONNXGraph(name: "test", nodes: nodes, initializers: initializers, inputs: inputs, outputs: outputs)
        )
    }

    /// X: float[batch, 3] → Identity → Cast(to double) → Y, plus Shape(X) → S.
    static func castChain() -> ONNXModel {
        model(
            nodes: [
                ONNXNode(name: "id", opType: "Identity", inputs: ["X"], outputs: ["X1"]),
                ONNXNode(name: "cast", opType: "Cast", inputs: ["X1"], outputs: ["Y"], attributes: ["to": .int(11)]),
                ONNXNode(name: "shape", opType: "Shape", inputs: ["X"], outputs: ["S"]),
            ],
            inputs: [tensorInfo("X", .float, [.symbolic("batch"), .fixed(3)])],
            outputs: [tensorInfo("Y", .double, [.symbolic("batch"), .fixed(3)]), tensorInfo("S", .int64, [.fixed(2)])]
        )
    }
}
