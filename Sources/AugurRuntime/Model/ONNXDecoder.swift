/// Decodes ONNX protobuf messages (models, graphs, tensors, test-data values) from their wire format.
public enum ONNXDecoder {
    /// Decodes a serialized `ModelProto` (the contents of a `.onnx` file).
    public static func decodeModel(_ bytes: [UInt8]) throws -> ONNXModel {
        var r = ProtoReader(bytes)
        var model = ONNXModel()
        var sawGraph = false
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.expect(wire, .varint); model.irVersion = try r.readInt64()
            case 2: try r.expect(wire, .lengthDelimited); model.producerName = try r.readString()
            case 3: try r.expect(wire, .lengthDelimited); model.producerVersion = try r.readString()
            case 4: try r.expect(wire, .lengthDelimited); model.domain = try r.readString()
            case 5: try r.expect(wire, .varint); model.modelVersion = try r.readInt64()
            case 6: try r.expect(wire, .lengthDelimited); model.docString = try r.readString()
            case 7:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                model.graph = try decodeGraph(&sub)
                sawGraph = true
            case 8:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                let (domain, version) = try decodeOpsetImport(&sub)
                model.opsetImports[OperatorKey.normalizeDomain(domain)] = version
            case 14:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                let (key, value) = try decodeStringPair(&sub)
                model.metadata[key] = value
            default: try r.skip(wire, field: field)
            }
        }
        guard sawGraph else { throw RuntimeError.malformedModel("the model has no graph (is this an ONNX file?)") }
        return model
    }

    /// Decodes a subgraph attribute (e.g. an If branch).
    public static func decodeGraph(_ encoded: EncodedGraph) throws -> ONNXGraph {
        var r = ProtoReader(encoded.bytes)
        return try decodeGraph(&r)
    }

    /// Decodes a serialized `TensorProto` (e.g. ONNX test data `input_0.pb`).
    public static func decodeTensor(_ bytes: [UInt8]) throws -> NamedTensor {
        var r = ProtoReader(bytes)
        return try TensorProtoDecoder.decode(&r)
    }

    /// Decodes a serialized `SequenceProto` of tensors or nested sequences.
    public static func decodeSequence(_ bytes: [UInt8]) throws -> (name: String, value: Value) {
        var r = ProtoReader(bytes)
        return try decodeSequence(&r)
    }

    static func decodeSequence(_ r: inout ProtoReader) throws -> (name: String, value: Value) {
        var name = ""
        var elements: [Value] = []
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.expect(wire, .lengthDelimited); name = try r.readString()
            case 3:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                elements.append(.tensor(try TensorProtoDecoder.decode(&sub).tensor))
            case 5:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                elements.append(try decodeSequence(&sub).value)
            case 4, 6, 7:
                throw RuntimeError.unsupportedModelFeature("sequences of sparse tensors, maps or optionals")
            default: try r.skip(wire, field: field)
            }
        }
        return (name, .sequence(elements))
    }

    static func decodeGraph(_ r: inout ProtoReader) throws -> ONNXGraph {
        var graph = ONNXGraph()
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                graph.nodes.append(try decodeNode(&sub))
            case 2: try r.expect(wire, .lengthDelimited); graph.name = try r.readString()
            case 5:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                graph.initializers.append(try TensorProtoDecoder.decode(&sub))
            case 11, 12, 13:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                let info = try decodeValueInfo(&sub)
                if field == 11 {
                    graph.inputs.append(info)
                } else if field == 12 {
                    graph.outputs.append(info)
                } else {
                    graph.valueInfo.append(info)
                }
            case 15:
                throw RuntimeError.unsupportedModelFeature("graph '\(graph.name)' has sparse initializers")
            default: try r.skip(wire, field: field)
            }
        }
        return graph
    }

    static func decodeNode(_ r: inout ProtoReader) throws -> ONNXNode {
        var node = ONNXNode(opType: "", inputs: [], outputs: [])
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.expect(wire, .lengthDelimited); node.inputs.append(try r.readString())
            case 2: try r.expect(wire, .lengthDelimited); node.outputs.append(try r.readString())
            case 3: try r.expect(wire, .lengthDelimited); node.name = try r.readString()
            case 4: try r.expect(wire, .lengthDelimited); node.opType = try r.readString()
            case 5:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                if let (name, attribute) = try AttributeProtoDecoder.decode(&sub) { node.attributes[name] = attribute }
            case 7: try r.expect(wire, .lengthDelimited); node.domain = OperatorKey.normalizeDomain(try r.readString())
            default: try r.skip(wire, field: field)
            }
        }
        guard !node.opType.isEmpty else {
            throw RuntimeError.malformedModel("node '\(node.name)' has no op_type")
        }
        return node
    }

    static func decodeValueInfo(_ r: inout ProtoReader) throws -> ValueInfo {
        var name = ""
        var typeReader: ProtoReader?
        var doc = ""
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.expect(wire, .lengthDelimited); name = try r.readString()
            case 2: try r.expect(wire, .lengthDelimited); typeReader = try r.readMessage()
            case 3: try r.expect(wire, .lengthDelimited); doc = try r.readString()
            default: try r.skip(wire, field: field)
            }
        }
        var type: ValueType?
        if var t = typeReader { type = try TypeProtoDecoder.decode(&t, valueName: name) }
        return ValueInfo(name: name, type: type, docString: doc)
    }

    static func decodeOpsetImport(_ r: inout ProtoReader) throws -> (String, Int) {
        var domain = ""
        var version = 0
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.expect(wire, .lengthDelimited); domain = try r.readString()
            case 2: try r.expect(wire, .varint); version = Int(try r.readInt64())
            default: try r.skip(wire, field: field)
            }
        }
        return (domain, version)
    }

    static func decodeStringPair(_ r: inout ProtoReader) throws -> (String, String) {
        var key = ""
        var value = ""
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.expect(wire, .lengthDelimited); key = try r.readString()
            case 2: try r.expect(wire, .lengthDelimited); value = try r.readString()
            default: try r.skip(wire, field: field)
            }
        }
        return (key, value)
    }
}
