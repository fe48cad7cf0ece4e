import AugurRuntime
import Foundation
import Testing

@Suite("Inference session")
struct InferenceSessionTests {
    private func floats(_ shape: [Int], _ values: [Float]) -> Value { .tensor(Tensor(shape: shape, elements: values)) }

    @Test("a model loaded from bytes runs and returns every output by name")
    func runsFromBytes() throws {
        let session = try InferenceSession(modelData: TestModelEncoder.encode(TestModels.castChain()))
        let out = try session.run(["X": floats([1, 3], [1, 2, 3])])
        #expect(out["Y"] == .tensor(Tensor(shape: [1, 3], elements: [Double(1), 2, 3])))
        #expect(out["S"] == .tensor(Tensor(shape: [2], elements: [Int64(1), 3])))
    }

    @Test("a symbolic batch dimension accepts any batch size")
    func symbolicBatch() throws {
        let session = try InferenceSession(model: TestModels.castChain())
        for batch in [1, 32, 512] {
            let out = try session.run(["X": floats([batch, 3], [Float](repeating: 1, count: batch * 3))])
            #expect(out["S"] == .tensor(Tensor(shape: [2], elements: [Int64(batch), 3])))
        }
    }

    @Test("an input of the wrong element type is refused naming the input and both types")
    func wrongDataType() throws {
        let session = try InferenceSession(model: TestModels.castChain())
        #expect { try session.run(["X": .tensor(Tensor(shape: [1, 3], elements: [Double(1), 2, 3]))]) } throws: { error in
            (error as? RuntimeError) == .inputTypeMismatch(input: "X", expected: "tensor(float)", actual: "tensor(double)")
        }
    }

    @Test("an input whose fixed dimension differs is refused with the declared shape")
    func wrongFixedDimension() throws {
        let session = try InferenceSession(model: TestModels.castChain())
        #expect { try session.run(["X": floats([1, 4], [1, 2, 3, 4])]) } throws: { error in
            (error as? RuntimeError) == .inputShapeMismatch(input: "X", expected: "[batch, 3]", actual: [1, 4])
        }
    }

    @Test("an input tensor whose storage does not fill its shape is refused")
    func inconsistentTensor() throws {
        let session = try InferenceSession(model: TestModels.castChain())
        let broken = Tensor(uncheckedShape: [2, 3], storage: .float([1, 2, 3]))
        #expect(throws: RuntimeError.self) { try session.run(["X": .tensor(broken)]) }
    }

    @Test("an input of the wrong rank is refused")
    func wrongRank() throws {
        let session = try InferenceSession(model: TestModels.castChain())
        #expect(throws: RuntimeError.self) { try session.run(["X": floats([3], [1, 2, 3])]) }
    }

    @Test("a missing input is named")
    func missingInput() throws {
        let session = try InferenceSession(model: TestModels.castChain())
        #expect { try session.run([:]) } throws: { error in (error as? RuntimeError) == .missingInput(name: "X") }
    }

    @Test("an unknown input is named along with the model's inputs")
    func unknownInput() throws {
        let session = try InferenceSession(model: TestModels.castChain())
        #expect { try session.run(["X": floats([1, 3], [1, 2, 3]), "Z": floats([1], [1])]) } throws: { error in
            (error as? RuntimeError) == .unknownInput(name: "Z", expected: ["X"])
        }
    }

    @Test("one symbolic dimension must have one size across inputs")
    func inconsistentSymbolicDims() throws {
        let model = TestModels.model(
            nodes: [
                ONNXNode(opType: "Identity", inputs: ["A"], outputs: ["C"]),
                ONNXNode(opType: "Identity", inputs: ["B"], outputs: ["D"]),
            ],
            inputs: [TestModels.tensorInfo("A", .float, [.symbolic("N")]), TestModels.tensorInfo("B", .float, [.symbolic("N")])],
            outputs: [TestModels.tensorInfo("C", .float, nil), TestModels.tensorInfo("D", .float, nil)]
        )
        let session = try InferenceSession(model: model)
        #expect(throws: RuntimeError.self) { try session.run(["A": floats([2], [1, 2]), "B": floats([3], [1, 2, 3])]) }
        #expect(try session.run(["A": floats([2], [1, 2]), "B": floats([2], [3, 4])]).count == 2)
    }

    @Test("an initializer that is also a graph input is used by default and may be overridden")
    func overridableInitializer() throws {
        let model = TestModels.model(
            nodes: [ONNXNode(opType: "Identity", inputs: ["W"], outputs: ["Y"])],
            inputs: [TestModels.tensorInfo("W", .float, [.fixed(2)])],
            outputs: [TestModels.tensorInfo("Y", .float, [.fixed(2)])],
            initializers: [NamedTensor(name: "W", tensor: Tensor(shape: [2], elements: [Float(7), 8]))]
        )
        let session = try InferenceSession(model: model)
        #expect(session.inputs.isEmpty)
        #expect(session.overridableInputs.map(\.name) == ["W"])
        #expect(try session.run([:])["Y"] == floats([2], [7, 8]))
        #expect(try session.run(["W": floats([2], [1, 2])])["Y"] == floats([2], [1, 2]))
    }

    @Test("a graph output that is an initializer is returned")
    func initializerOutput() throws {
        let model = TestModels.model(
            nodes: [ONNXNode(opType: "Identity", inputs: ["X"], outputs: ["Y"])],
            inputs: [TestModels.tensorInfo("X", .float, nil)],
            outputs: [TestModels.tensorInfo("Y", .float, nil), TestModels.tensorInfo("K", .int64, nil)],
            initializers: [NamedTensor(name: "K", tensor: Tensor(scalar: Int64(5)))]
        )
        let out = try InferenceSession(model: model).run(["X": floats([1], [1])])
        #expect(out["K"] == .tensor(Tensor(scalar: Int64(5))))
    }

    @Test("a failing kernel's error names the node and operator")
    func nodeFailureNamed() throws {
        let model = TestModels.model(
            nodes: [ONNXNode(name: "parse", opType: "Cast", inputs: ["X"], outputs: ["Y"], attributes: ["to": .int(1)])],
            inputs: [TestModels.tensorInfo("X", .string, [.fixed(1)])],
            outputs: [TestModels.tensorInfo("Y", .float, [.fixed(1)])]
        )
        let session = try InferenceSession(model: model)
        #expect { try session.run(["X": .tensor(Tensor(shape: [1], elements: ["abc"]))]) } throws: { error in
            guard case .nodeFailed(let node, let op, _, let reason)? = error as? RuntimeError else { return false }
            return node == "parse" && op == "Cast" && reason.contains("'abc'")
        }
    }

    @Test("positional run returns outputs in graph order")
    func positionalRun() throws {
        let session = try InferenceSession(model: TestModels.castChain())
        let out = try session.run(inputs: [floats([2, 3], [1, 2, 3, 4, 5, 6])])
        #expect(out.count == 2)
        #expect(out[1] == .tensor(Tensor(shape: [2], elements: [Int64(2), 3])))
    }

    @Test("many threads running one session concurrently all get correct results")
    func concurrentRuns() async throws {
        let session = try InferenceSession(model: TestModels.castChain())
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var bad = 0
                    for i in 0..<200 {
                        let v = Float(worker * 1000 + i)
                        let out = try? session.run(["X": .tensor(Tensor(shape: [1, 3], elements: [v, v + 1, v + 2]))])
                        if out?["Y"] != .tensor(Tensor(shape: [1, 3], elements: [Double(v), Double(v) + 1, Double(v) + 2])) { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test("a model file is loaded from disk")
    func loadsFromFile() throws {
        let path = NSTemporaryDirectory() + "augur-runtime-\(UUID().uuidString).onnx"
        try Data(TestModelEncoder.encode(TestModels.castChain())).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = try InferenceSession(contentsOfFile: path)
        #expect(session.inputs.map(\.name) == ["X"])
        #expect(session.outputs.map(\.name) == ["Y", "S"])
    }

    @Test("validating runs catch a kernel output whose type contradicts the model's declaration")
    func validateOutputsChecksDeclaredType() throws {
        let model = TestModels.model(
            nodes: [ONNXNode(name: "c", opType: "Cast", inputs: ["X"], outputs: ["Y"], attributes: ["to": .int(11)])],
            inputs: [TestModels.tensorInfo("X", .float, nil)],
            outputs: [TestModels.tensorInfo("Y", .float, nil)]
        )
        let session = try InferenceSession(model: model)
        #expect(throws: Never.self) { try session.run(["X": floats([1], [1])]) }
        #expect { try session.run(["X": floats([1], [1])], options: RunOptions(validateOutputs: true)) } throws: { error in
            guard case .nodeFailed(let node, _, _, let reason)? = error as? RuntimeError else { return false }
            return node == "c" && reason.contains("declares float")
        }
    }

    @Test("kernels see initializers and Constant outputs as constant inputs at load")
    func constantInputsAtLoad() throws {
        var registry = OperatorRegistry.default
        registry.register(domain: "test.domain", opType: "EchoConstants") { node in
            EchoConstants(seen: (0..<node.inputCount).map { node.constantInput($0) != nil })
        }
        let model = TestModels.model(
            nodes: [
                ONNXNode(opType: "Constant", inputs: [], outputs: ["K"], attributes: ["value_ints": .ints([1, 2])]),
                ONNXNode(opType: "EchoConstants", domain: "test.domain", inputs: ["X", "K", "W"], outputs: ["Y"]),
            ],
            inputs: [TestModels.tensorInfo("X", .float, nil)],
            outputs: [TestModels.tensorInfo("Y", .bool, nil)],
            initializers: [NamedTensor(name: "W", tensor: Tensor(scalar: Float(3)))],
            opsets: ["": 17, "test.domain": 1]
        )
        let session = try InferenceSession(model: model, options: SessionOptions(registry: registry))
        #expect(try session.run(["X": floats([1], [0])])["Y"] == .tensor(Tensor(shape: [3], elements: [false, true, true])))
    }

    @Test("a missing model file is reported with its path")
    func missingFile() {
        #expect { try InferenceSession(contentsOfFile: "/nonexistent/model.onnx") } throws: { error in
            (error as? RuntimeError) == .cannotReadModel(path: "/nonexistent/model.onnx")
        }
    }

    @Test("a kernel may leave off a declared output that nothing reads")
    func unreadOutputMayBeMissing() throws {
        var registry = OperatorRegistry.default
        registry.register(domain: "test.domain", opType: "FirstOnly") { _ in FirstOnly() }
        let model = TestModels.model(
            nodes: [ONNXNode(opType: "FirstOnly", domain: "test.domain", inputs: ["X"], outputs: ["Y", "unused"])],
            inputs: [TestModels.tensorInfo("X", .float, nil)],
            outputs: [TestModels.tensorInfo("Y", .float, nil)],
            opsets: ["": 17, "test.domain": 1]
        )
        let session = try InferenceSession(model: model, options: SessionOptions(registry: registry))
        #expect(try session.run(["X": floats([1], [4])])["Y"] == floats([1], [4]))
    }

    @Test("a kernel that leaves off an output the graph reads fails naming the node")
    func readOutputMustExist() throws {
        var registry = OperatorRegistry.default
        registry.register(domain: "test.domain", opType: "FirstOnly") { _ in FirstOnly() }
        let model = TestModels.model(
            nodes: [ONNXNode(name: "f", opType: "FirstOnly", domain: "test.domain", inputs: ["X"], outputs: ["Y", "Z"])],
            inputs: [TestModels.tensorInfo("X", .float, nil)],
            outputs: [TestModels.tensorInfo("Y", .float, nil), TestModels.tensorInfo("Z", .float, nil)],
            opsets: ["": 17, "test.domain": 1]
        )
        let session = try InferenceSession(model: model, options: SessionOptions(registry: registry))
        #expect { try session.run(["X": floats([1], [4])]) } throws: { error in
            guard case .nodeFailed(let node, _, let domain, _)? = error as? RuntimeError else { return false }
            return node == "f" && domain == "test.domain"
        }
    }
}

private struct FirstOnly: Operator {
    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] { [inputs[0]!] }
}

private struct EchoConstants: Operator {
    let seen: [Bool]
    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        [.tensor(Tensor(shape: [seen.count], elements: seen))]
    }
}
