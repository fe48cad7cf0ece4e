import AugurRuntime
import Testing

@Suite("Graph validation")
struct GraphValidationTests {
    private let x = TestModels.tensorInfo("X", .float, [.fixed(2)])
    private let y = TestModels.tensorInfo("Y", .float, [.fixed(2)])

    @Test("every unsupported operator is listed once, with domain and opset, in one error")
    func unsupportedOperatorsListedTogether() {
        let model = TestModels.model(
            nodes: [
                ONNXNode(opType: "Frobnicate", inputs: ["X"], outputs: ["A"]),
                ONNXNode(opType: "Frobnicate", inputs: ["A"], outputs: ["B"]),
                ONNXNode(opType: "Quux", domain: "ai.onnx.ml", inputs: ["B"], outputs: ["Y"]),
            ],
            inputs: [x],
            outputs: [y],
            opsets: ["": 15, "ai.onnx.ml": 3]
        )
        #expect { try InferenceSession(model: model) } throws: { error in
            guard case .unsupportedOperators(let ops)? = error as? RuntimeError else { return false }
            return ops.map(\.description) == ["ai.onnx::Frobnicate (opset 15)", "ai.onnx.ml::Quux (opset 3)"]
        }
    }

    @Test("an operator registered only for newer opsets is unsupported at an older one")
    func opsetTooOldForKernel() {
        var registry = OperatorRegistry()
        registry.register(opType: "Identity", sinceVersion: 14) { _ in IdentityLike() }
        let model = TestModels.model(
            nodes: [ONNXNode(opType: "Identity", inputs: ["X"], outputs: ["Y"])],
            inputs: [x],
            outputs: [y],
            opsets: ["": 13]
        )
        #expect { try InferenceSession(model: model, options: SessionOptions(registry: registry)) } throws: { error in
            guard case .unsupportedOperators(let ops)? = error as? RuntimeError else { return false }
            return ops == [UnsupportedOperator(domain: "", opType: "Identity", opsetVersion: 13)]
        }
    }

    @Test("a node reading a value nobody produces is reported by name")
    func missingProducer() {
        let model = TestModels.model(
            nodes: [ONNXNode(name: "n1", opType: "Identity", inputs: ["nowhere"], outputs: ["Y"])],
            inputs: [x],
            outputs: [y]
        )
        #expect { try InferenceSession(model: model) } throws: { error in
            guard case .invalidGraph(let why)? = error as? RuntimeError else { return false }
            return why.contains("'n1'") && why.contains("'nowhere'")
        }
    }

    @Test("nodes listed out of order are sorted topologically and run")
    func sortsNodes() throws {
        let model = TestModels.model(
            nodes: [
                ONNXNode(opType: "Identity", inputs: ["A"], outputs: ["Y"]),
                ONNXNode(opType: "Identity", inputs: ["X"], outputs: ["A"]),
            ],
            inputs: [x],
            outputs: [y]
        )
        let session = try InferenceSession(model: model)
        let out = try session.run(["X": .tensor(Tensor(shape: [2], elements: [Float(1), 2]))])
        #expect(out["Y"] == .tensor(Tensor(shape: [2], elements: [Float(1), 2])))
    }

    @Test("a cycle is reported naming the nodes in it")
    func cycle() {
        let model = TestModels.model(
            nodes: [
                ONNXNode(name: "a", opType: "Identity", inputs: ["B"], outputs: ["A"]),
                ONNXNode(name: "b", opType: "Identity", inputs: ["A"], outputs: ["B"]),
                ONNXNode(name: "c", opType: "Identity", inputs: ["X"], outputs: ["Y"]),
            ],
            inputs: [x],
            outputs: [y]
        )
        #expect { try InferenceSession(model: model) } throws: { error in
            guard case .invalidGraph(let why)? = error as? RuntimeError else { return false }
            return why.contains("cycle") && why.contains("a") && why.contains("b") && !why.contains("c,")
        }
    }

    @Test("a value written by two nodes is rejected")
    func doubleProducer() {
        let model = TestModels.model(
            nodes: [
                ONNXNode(opType: "Identity", inputs: ["X"], outputs: ["Y"]),
                ONNXNode(opType: "Identity", inputs: ["X"], outputs: ["Y"]),
            ],
            inputs: [x],
            outputs: [y]
        )
        #expect(throws: RuntimeError.self) { try InferenceSession(model: model) }
    }

    @Test("a node whose domain the model does not import is rejected")
    func missingOpsetImport() {
        let model = TestModels.model(
            nodes: [ONNXNode(name: "z", opType: "ZipMap", domain: "ai.onnx.ml", inputs: ["X"], outputs: ["Y"])],
            inputs: [x],
            outputs: [y],
            opsets: ["": 13]
        )
        #expect { try InferenceSession(model: model) } throws: { error in
            guard case .invalidGraph(let why)? = error as? RuntimeError else { return false }
            return why.contains("ai.onnx.ml") && why.contains("'z'")
        }
    }

    @Test("an opset newer than the runtime knows is refused")
    func opsetTooNew() {
        let model = TestModels.model(
            nodes: [ONNXNode(opType: "Identity", inputs: ["X"], outputs: ["Y"])],
            inputs: [x],
            outputs: [y],
            opsets: ["": 99]
        )
        #expect { try InferenceSession(model: model) } throws: { error in
            guard case .unsupportedModelFeature(let why)? = error as? RuntimeError else { return false }
            return why.contains("opset 99")
        }
    }

    @Test("an initializer whose type contradicts its declaration is rejected")
    func initializerTypeMismatch() {
        let model = TestModels.model(
            nodes: [ONNXNode(opType: "Identity", inputs: ["X"], outputs: ["Y"])],
            inputs: [x],
            outputs: [y],
            initializers: [NamedTensor(name: "X", tensor: Tensor(shape: [2], elements: [Int64(1), 2]))]
        )
        #expect { try InferenceSession(model: model) } throws: { error in
            guard case .invalidGraph(let why)? = error as? RuntimeError else { return false }
            return why.contains("'X'") && why.contains("int64")
        }
    }

    @Test("a missing required attribute names the node and attribute at load")
    func missingAttribute() {
        let model = TestModels.model(
            nodes: [ONNXNode(name: "c", opType: "Cast", inputs: ["X"], outputs: ["Y"])],
            inputs: [x],
            outputs: [y]
        )
        #expect { try InferenceSession(model: model) } throws: { error in
            (error as? RuntimeError) == .missingAttribute(node: "c", opType: "Cast", attribute: "to")
        }
    }
}

private struct IdentityLike: Operator {
    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] { [inputs[0]!] }
}
