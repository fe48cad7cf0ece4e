@testable import AugurRuntime

/// Encodes `ONNXModel` values to ONNX protobuf bytes so tests can exercise the decoder end to end.
enum TestModelEncoder {
    static func encode(_ model: ONNXModel) -> [UInt8] {
        var w = ProtoWriter()
        w.writeInt64(1, model.irVersion)
        w.writeString(2, model.producerName)
        for (domain, version) in model.opsetImports.sorted(by: { $0.key < $1.key }) {
            var o = ProtoWriter()
            o.writeString(1, domain)
            o.writeInt64(2, Int64(version))
            w.writeBytes(8, o.bytes)
        }
        for (key, value) in model.metadata.sorted(by: { $0.key < $1.key }) {
            var p = ProtoWriter()
            p.writeString(1, key)
            p.writeString(2, value)
            w.writeBytes(14, p.bytes)
        }
        w.writeBytes(7, encode(model.graph))
        return w.bytes
    }

    static func encode(_ graph: ONNXGraph) -> [UInt8] {
        var w = ProtoWriter()
        for node in graph.nodes { w.writeBytes(1, encode(node)) }
        w.writeString(2, graph.name)
        for i in graph.initializers { w.writeBytes(5, ONNXEncoder.encodeTensor(i.tensor, name: i.name)) }
        for v in graph.inputs { w.writeBytes(11, encode(v)) }
        for v in graph.outputs { w.writeBytes(12, encode(v)) }
        for v in graph.valueInfo { w.writeBytes(13, encode(v)) }
        return w.bytes
    }

    static func encode(_ node: ONNXNode) -> [UInt8] {
        var w = ProtoWriter()
        for i in node.inputs { w.writeString(1, i) }
        for o in node.outputs { w.writeString(2, o) }
        w.writeString(3, node.name)
        w.writeString(4, node.opType)
        if !node.domain.isEmpty { w.writeString(7, node.domain) }
        for (name, attribute) in node.attributes.sorted(by: { $0.key < $1.key }) { w.writeBytes(5, encode(name, attribute)) }
        return w.bytes
    }

    static func encode(_ name: String, _ attribute: Attribute) -> [UInt8] {
        var w = ProtoWriter()
        w.writeString(1, name)
        switch attribute {
        case .float(let f): w.writeInt64(20, 1); w.writeFixed32(2, f.bitPattern)
        case .int(let i): w.writeInt64(20, 2); w.writeInt64(3, i)
        case .string(let s): w.writeInt64(20, 3); w.writeString(4, s)
        case .tensor(let t): w.writeInt64(20, 4); w.writeBytes(5, ONNXEncoder.encodeTensor(t))
        case .graph(let g): w.writeInt64(20, 5); w.writeBytes(6, g.bytes)
        case .floats(let fs): w.writeInt64(20, 6); for f in fs { w.writeFixed32(7, f.bitPattern) }
        case .ints(let xs): w.writeInt64(20, 7); w.writePackedInt64(8, xs)
        case .strings(let ss): w.writeInt64(20, 8); for s in ss { w.writeString(9, s) }
        case .tensors(let ts): w.writeInt64(20, 9); for t in ts { w.writeBytes(10, ONNXEncoder.encodeTensor(t)) }
        case .graphs(let gs): w.writeInt64(20, 10); for g in gs { w.writeBytes(11, g.bytes) }
        }
        return w.bytes
    }

    static func encode(_ info: ValueInfo) -> [UInt8] {
        var w = ProtoWriter()
        w.writeString(1, info.name)
        if let type = info.type { w.writeBytes(2, encode(type)) }
        return w.bytes
    }

    static func encode(_ type: ValueType) -> [UInt8] {
        var w = ProtoWriter()
        switch type {
        case .tensor(let elementType, let shape):
            var t = ProtoWriter()
            t.writeInt64(1, Int64(elementType.rawValue))
            if let shape {
                var s = ProtoWriter()
                for dim in shape {
                    var d = ProtoWriter()
                    switch dim {
                    case .fixed(let n): d.writeInt64(1, Int64(n))
                    case .symbolic(let name): d.writeString(2, name)
                    case .unknown: break
                    }
                    s.writeBytes(1, d.bytes)
                }
                t.writeBytes(2, s.bytes)
            }
            w.writeBytes(1, t.bytes)
        case .sequence(let element):
            var s = ProtoWriter()
            if let element { s.writeBytes(1, encode(element)) }
            w.writeBytes(4, s.bytes)
        case .map(let key, let value):
            var m = ProtoWriter()
            m.writeInt64(1, Int64(key.rawValue))
            if let value { m.writeBytes(2, encode(value)) }
            w.writeBytes(5, m.bytes)
        case .optional(let element):
            var o = ProtoWriter()
            if let element { o.writeBytes(1, encode(element)) }
            w.writeBytes(9, o.bytes)
        }
        return w.bytes
    }
}
