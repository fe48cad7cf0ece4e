import AugurRuntime
import Testing

/// Builds one ai.onnx math node through `OperatorRegistry.default` and runs it, as the executor would.
enum MathOpHarness {
    /// Runs `opType` at `opset`; nil inputs are omitted optional inputs; `outputs` names that many outputs.
    static func run(
        _ opType: String, opset: Int = 21, attributes: [String: Attribute] = [:], inputs: [Tensor?], outputs: Int = 1
    ) throws -> [Tensor] {
        let factory = try #require(OperatorRegistry.default.factory(domain: "", opType: opType, opsetVersion: opset))
        let node = NodeInfo(
            name: "\(opType)_test", opType: opType, domain: "", opsetVersion: opset,
            attributes: NodeAttributes(nodeName: "\(opType)_test", opType: opType, values: attributes),
            inputs: inputs.enumerated().map { $0.element == nil ? "" : "in\($0.offset)" },
            outputs: (0..<outputs).map { "out\($0)" })
        let op = try factory(node)
        return try op.run(inputs.map { $0.map(Value.tensor) }, context: ExecutionContext()).map { try $0.asTensor() }
    }

    /// Runs a node and returns its first output.
    static func run1(
        _ opType: String, opset: Int = 21, attributes: [String: Attribute] = [:], inputs: [Tensor?]
    ) throws -> Tensor {
        try #require(try run(opType, opset: opset, attributes: attributes, inputs: inputs).first)
    }

    /// A float tensor.
    static func f(_ shape: [Int], _ values: [Float]) -> Tensor { Tensor(shape: shape, elements: values) }

    /// A float tensor of `shape` holding 0, 1, 2, … (times `scale`).
    static func iota(_ shape: [Int], scale: Float = 1) -> Tensor {
        Tensor(shape: shape, elements: (0..<shape.reduce(1, *)).map { Float($0) * scale })
    }

    /// Deterministic pseudo-random floats in [-1, 1) (a 64-bit LCG), so failures reproduce.
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 2_000_000) / 1_000_000 - 1
        }
    }

    /// Whether two float arrays agree within `tolerance` (absolute plus relative).
    static func close(_ a: [Float]?, _ b: [Float], tolerance: Float = 1e-5) -> Bool {
        guard let a, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            (x.isNaN && y.isNaN) || x == y || abs(x - y) <= tolerance * (1 + abs(y))
        }
    }

    /// Whether two double arrays agree within `tolerance`.
    static func close(_ a: [Double]?, _ b: [Double], tolerance: Double = 1e-12) -> Bool {
        guard let a, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in abs(x - y) <= tolerance * (1 + abs(y)) }
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
}
