import Foundation

/// Builds small ONNX `ModelProto` files byte by byte (protobuf wire format), so tests control exactly
/// what a model does: `Y = X + C` with a constant `C` that encodes the version.
enum ONNXTestModels {
    /// `Y = Add(X, C)`: X is float `[N, width]`; C is `constantShape` filled with `value` (default shape
    /// `[1]`, so every output element equals the input element plus `value`).
    static func addConstant(_ value: Float, width: Int = 4, constantShape: [Int] = [1]) -> [UInt8] {
        let count = constantShape.reduce(1, *)
        var raw: [UInt8] = []
        raw.reserveCapacity(count * 4)
        for _ in 0..<count { withUnsafeBytes(of: value.bitPattern.littleEndian) { raw.append(contentsOf: $0) } }
        let constant = tensor(name: "C", dims: constantShape, rawFloats: raw)
        let node = nodeProto(opType: "Add", inputs: ["X", "C"], outputs: ["Y"], name: "add")
        let graph = graphProto(
            nodes: [node], initializers: [constant],
            inputs: [valueInfo("X", dims: [.symbolic("N"), .fixed(width)])],
            outputs: [valueInfo("Y", dims: nil)])
        return model(graph: graph)
    }

    /// A model whose only node is an operator no runtime implements.
    static func unsupportedOperator() -> [UInt8] {
        let node = nodeProto(opType: "FrobnicateTensor", inputs: ["X"], outputs: ["Y"], name: "mystery")
        let graph = graphProto(
            nodes: [node], initializers: [],
            inputs: [valueInfo("X", dims: [.symbolic("N"), .fixed(4)])], outputs: [valueInfo("Y", dims: nil)])
        return model(graph: graph)
    }

    enum Dim {
        case fixed(Int)
        case symbolic(String)
    }

    private static func model(graph: [UInt8]) -> [UInt8] {
        var w = ProtoWriter()
        w.varint(field: 1, 8)  // ir_version
        w.string(field: 2, "augur-tests")  // producer_name
        w.bytes(field: 7, graph)
        var opset = ProtoWriter()
        opset.string(field: 1, "")
        opset.varint(field: 2, 17)
        w.bytes(field: 8, opset.data)
        return w.data
    }

    private static func graphProto(nodes: [[UInt8]], initializers: [[UInt8]], inputs: [[UInt8]], outputs: [[UInt8]]) -> [UInt8] {
        var w = ProtoWriter()
        for node in nodes { w.bytes(field: 1, node) }
        w.string(field: 2, "test-graph")
        for initializer in initializers { w.bytes(field: 5, initializer) }
        for input in inputs { w.bytes(field: 11, input) }
        for output in outputs { w.bytes(field: 12, output) }
        return w.data
    }

    private static func nodeProto(opType: String, inputs: [String], outputs: [String], name: String) -> [UInt8] {
        var w = ProtoWriter()
        for input in inputs { w.string(field: 1, input) }
        for output in outputs { w.string(field: 2, output) }
        w.string(field: 3, name)
        w.string(field: 4, opType)
        return w.data
    }

    private static func tensor(name: String, dims: [Int], rawFloats: [UInt8]) -> [UInt8] {
        var w = ProtoWriter()
        for d in dims { w.varint(field: 1, UInt64(d)) }
        w.varint(field: 2, 1)  // FLOAT
        w.string(field: 8, name)
        w.bytes(field: 9, rawFloats)
        return w.data
    }

    /// A float tensor value info; `dims` nil leaves the shape undeclared.
    private static func valueInfo(_ name: String, dims: [Dim]?) -> [UInt8] {
        var tensorType = ProtoWriter()
        tensorType.varint(field: 1, 1)  // FLOAT
        if let dims {
            var shape = ProtoWriter()
            for dim in dims {
                var d = ProtoWriter()
                switch dim {
                case .fixed(let n): d.varint(field: 1, UInt64(n))
                case .symbolic(let s): d.string(field: 2, s)
                }
                shape.bytes(field: 1, d.data)
            }
            tensorType.bytes(field: 2, shape.data)
        }
        var type = ProtoWriter()
        type.bytes(field: 1, tensorType.data)
        var w = ProtoWriter()
        w.string(field: 1, name)
        w.bytes(field: 2, type.data)
        return w.data
    }
}

/// Protobuf wire encoding: varints (wire type 0) and length-delimited fields (wire type 2).
struct ProtoWriter {
    var data: [UInt8] = []

    mutating func varint(field: Int, _ value: UInt64) {
        rawVarint(UInt64(field << 3))
        rawVarint(value)
    }

    mutating func bytes(field: Int, _ value: [UInt8]) {
        rawVarint(UInt64(field << 3 | 2))
        rawVarint(UInt64(value.count))
        data += value
    }

    mutating func string(field: Int, _ value: String) {
        bytes(field: field, Array(value.utf8))
    }

    private mutating func rawVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            data.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        data.append(UInt8(v))
    }
}
