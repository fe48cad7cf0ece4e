import AugurRuntime
import Testing

@Suite("Core operators")
struct CoreOperatorsTests {
    private func runSingle(_ node: ONNXNode, opset: Int = 17, _ inputs: [Value?]) throws -> [Value] {
        let info = NodeInfo(
            name: node.name,
            opType: node.opType,
            domain: node.domain,
            opsetVersion: opset,
            attributes: NodeAttributes(nodeName: node.name, opType: node.opType, values: node.attributes),
            inputs: node.inputs,
            outputs: node.outputs
        )
        let factory = try #require(OperatorRegistry.default.factory(domain: node.domain, opType: node.opType, opsetVersion: opset))
        return try factory(info).run(inputs, context: ExecutionContext())
    }

    @Test("Cast truncates floats toward zero and maps NaN to zero for integers")
    func castFloatToInt() throws {
        let node = ONNXNode(name: "c", opType: "Cast", inputs: ["x"], outputs: ["y"], attributes: ["to": .int(7)])
        let out = try runSingle(node, [.tensor(Tensor(shape: [4], elements: [Float(1.9), -1.9, .nan, 1e30]))])
        #expect(out == [.tensor(Tensor(shape: [4], elements: [Int64(1), -1, 0, .max]))])
    }

    @Test("Cast parses strings into floats, infinities included")
    func castStringToFloat() throws {
        let node = ONNXNode(name: "c", opType: "Cast", inputs: ["x"], outputs: ["y"], attributes: ["to": .int(1)])
        let out = try runSingle(node, [.tensor(Tensor(shape: [3], elements: ["0.5", "-INF", " 2 "]))])
        #expect(out == [.tensor(Tensor(shape: [3], elements: [Float(0.5), -.infinity, 2]))])
    }

    @Test("Cast writes integers and booleans as decimal strings")
    func castToString() throws {
        let node = ONNXNode(name: "c", opType: "Cast", inputs: ["x"], outputs: ["y"], attributes: ["to": .int(8)])
        #expect(
            try runSingle(node, [.tensor(Tensor(shape: [2], elements: [Int32(-3), 12]))]) == [
                .tensor(Tensor(shape: [2], elements: ["-3", "12"]))
            ]
        )
    }

    @Test("Cast refuses element types this runtime lacks, naming the attribute")
    func castToBFloat16() {
        let node = ONNXNode(name: "c", opType: "Cast", inputs: ["x"], outputs: ["y"], attributes: ["to": .int(16)])
        #expect { try runSingle(node, []) } throws: { error in
            guard case .invalidAttribute(let n, _, let a, _)? = error as? RuntimeError else { return false }
            return n == "c" && a == "to"
        }
    }

    @Test("Shape honours start and end from opset 15")
    func shapeSlice() throws {
        let node = ONNXNode(name: "s", opType: "Shape", inputs: ["x"], outputs: ["y"], attributes: ["start": .int(1), "end": .int(-1)])
        let x = Value.tensor(Tensor.zeros(.float, shape: [2, 3, 4, 5]))
        #expect(try runSingle(node, opset: 15, [x]) == [.tensor(Tensor(shape: [2], elements: [Int64(3), 4]))])
        #expect(try runSingle(node, opset: 13, [x]) == [.tensor(Tensor(shape: [4], elements: [Int64(2), 3, 4, 5]))])
    }

    @Test("Constant produces its value_ints attribute as a 1-D int64 tensor")
    func constantInts() throws {
        let node = ONNXNode(name: "k", opType: "Constant", inputs: [], outputs: ["y"], attributes: ["value_ints": .ints([3, 4])])
        #expect(try runSingle(node, []) == [.tensor(Tensor(shape: [2], elements: [Int64(3), 4]))])
    }

    @Test("Dropout at inference passes data through with an all-true mask")
    func dropoutInference() throws {
        let node = ONNXNode(name: "d", opType: "Dropout", inputs: ["x"], outputs: ["y", "mask"])
        let x = Value.tensor(Tensor(shape: [2], elements: [Float(1), 2]))
        #expect(try runSingle(node, [x]) == [x, .tensor(Tensor(shape: [2], elements: [true, true]))])
    }
}
