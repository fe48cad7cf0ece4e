/// Decodes ONNX `AttributeProto` into a named `Attribute`.
enum AttributeProtoDecoder {
    /// The attribute, or nil for kinds this runtime does not model (sparse tensors, type protos).
    static func decode(_ r: inout ProtoReader) throws -> (String, Attribute)? {
        var name = ""
        var typeCode = 0
        var f: Float?
        var i: Int64?
        var s: String?
        var t: Tensor?
        var g: EncodedGraph?
        var floats: [Float] = []
        var ints: [Int64] = []
        var strings: [String] = []
        var tensors: [Tensor] = []
        var graphs: [EncodedGraph] = []
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.expect(wire, .lengthDelimited); name = try r.readString()
            case 20: try r.expect(wire, .varint); typeCode = Int(try r.readInt64())
            case 2: try r.expect(wire, .fixed32); f = try r.readFloat()
            case 3: try r.expect(wire, .varint); i = try r.readInt64()
            case 4: try r.expect(wire, .lengthDelimited); s = try r.readString()
            case 5:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                t = try TensorProtoDecoder.decode(&sub).tensor
            case 6: try r.expect(wire, .lengthDelimited); g = EncodedGraph(bytes: try r.readBytes())
            case 7: try r.readRepeatedFloat(wire, into: &floats)
            case 8: try r.readRepeatedInt64(wire, into: &ints)
            case 9: try r.expect(wire, .lengthDelimited); strings.append(try r.readString())
            case 10:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                tensors.append(try TensorProtoDecoder.decode(&sub).tensor)
            case 11: try r.expect(wire, .lengthDelimited); graphs.append(EncodedGraph(bytes: try r.readBytes()))
            default: try r.skip(wire, field: field)
            }
        }
        // Old writers omit `type`; then the one populated field decides.
        switch typeCode {
        case 1: return (name, .float(f ?? 0))
        case 2: return (name, .int(i ?? 0))
        case 3: return (name, .string(s ?? ""))
        case 4: guard let t else { break }; return (name, .tensor(t))
        case 5: guard let g else { break }; return (name, .graph(g))
        case 6: return (name, .floats(floats))
        case 7: return (name, .ints(ints))
        case 8: return (name, .strings(strings))
        case 9: return (name, .tensors(tensors))
        case 10: return (name, .graphs(graphs))
        case 0:
            if let f { return (name, .float(f)) }
            if let i { return (name, .int(i)) }
            if let s { return (name, .string(s)) }
            if let t { return (name, .tensor(t)) }
            if let g { return (name, .graph(g)) }
            if !floats.isEmpty { return (name, .floats(floats)) }
            if !ints.isEmpty { return (name, .ints(ints)) }
            if !strings.isEmpty { return (name, .strings(strings)) }
            if !tensors.isEmpty { return (name, .tensors(tensors)) }
            if !graphs.isEmpty { return (name, .graphs(graphs)) }
            return nil
        default: return nil
        }
        throw RuntimeError.malformedModel("attribute '\(name)' declares type \(typeCode) but carries no value")
    }
}
