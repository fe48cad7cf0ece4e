import AugurRuntime
import Testing

/// Builds one ai.onnx node through `OperatorRegistry.default` and runs it, as the executor would.
enum TensorOpHarness {
    /// Runs `opType` at `opset` with the given attributes; nil inputs are omitted optional inputs.
    static func run(
        _ opType: String,
        opset: Int = 21,
        attributes: [String: Attribute] = [:],
        inputs: [Tensor?],
        outputs: Int = 1
    ) throws -> [Tensor] {
        let op = try make(opType, opset: opset, attributes: attributes, inputCount: inputs.count, outputs: outputs)
        return try op.run(inputs.map { $0.map(Value.tensor) }, context: ExecutionContext()).map { try $0.asTensor() }
    }

    /// Runs a single-output node and returns its output.
    static func run1(
        _ opType: String,
        opset: Int = 21,
        attributes: [String: Attribute] = [:],
        inputs: [Tensor?]
    ) throws -> Tensor {
        let outputs = try run(opType, opset: opset, attributes: attributes, inputs: inputs)
        return try #require(outputs.first)
    }

    /// Builds the kernel for a node (load-time checks happen here).
    static func make(
        _ opType: String,
        opset: Int = 21,
        attributes: [String: Attribute] = [:],
        inputCount: Int,
        outputs: Int = 1
    ) throws -> any Operator {
        let factory = try #require(OperatorRegistry.default.factory(domain: "", opType: opType, opsetVersion: opset))
        let node = NodeInfo(
            name: "\(opType)_test",
            opType: opType,
            domain: "",
            opsetVersion: opset,
            attributes: NodeAttributes(nodeName: "\(opType)_test", opType: opType, values: attributes),
            inputs: (0..<inputCount).map { "in\($0)" },
            outputs: (0..<outputs).map { "out\($0)" }
        )
        return try factory(node)
    }

    /// The description of the error `body` throws, or nil when it succeeds.
    static func failure(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A 1-D int64 tensor, as shape/axes/starts inputs are.
    static func ints(_ values: [Int64]) -> Tensor { Tensor(shape: [values.count], elements: values) }

    /// A float tensor holding 0, 1, 2, … in row-major order.
    static func iota(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, elements: (0..<shape.reduce(1, *)).map { Float($0) })
    }
}
