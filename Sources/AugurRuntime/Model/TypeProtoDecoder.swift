/// Decodes ONNX `TypeProto` (tensor, sequence, map and optional types with their shapes).
enum TypeProtoDecoder {
    /// The declared type, or nil when the message leaves it unspecified.
    static func decode(_ r: inout ProtoReader, valueName: String) throws -> ValueType? {
        var result: ValueType?
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                result = try decodeTensorType(&sub, valueName: valueName)
            case 4:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                result = .sequence(try decodeNested(&sub, valueName: valueName))
            case 5:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                result = try decodeMapType(&sub, valueName: valueName)
            case 9:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                result = .optional(try decodeNested(&sub, valueName: valueName))
            case 8:
                throw RuntimeError.unsupportedModelFeature("value '\(valueName)' is a sparse tensor")
            default: try r.skip(wire, field: field)
            }
        }
        return result
    }

    /// Sequence and Optional both hold one `elem_type` TypeProto in field 1.
    private static func decodeNested(_ r: inout ProtoReader, valueName: String) throws -> ValueType? {
        var element: ValueType?
        while let (field, wire) = try r.readTag() {
            if field == 1 {
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                element = try decode(&sub, valueName: valueName)
            } else {
                try r.skip(wire, field: field)
            }
        }
        return element
    }

    private static func decodeMapType(_ r: inout ProtoReader, valueName: String) throws -> ValueType? {
        var keyCode = 0
        var value: ValueType?
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.expect(wire, .varint); keyCode = Int(try r.readInt64())
            case 2:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                value = try decode(&sub, valueName: valueName)
            default: try r.skip(wire, field: field)
            }
        }
        guard let key = DataType(rawValue: keyCode) else {
            throw RuntimeError.unsupportedModelFeature(
                "value '\(valueName)' is a map keyed by \(TensorProtoDecoder.unsupportedTypeName(keyCode))"
            )
        }
        return .map(key: key, value: value)
    }

    private static func decodeTensorType(_ r: inout ProtoReader, valueName: String) throws -> ValueType? {
        var typeCode = 0
        var shape: [Dimension]?
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.expect(wire, .varint); typeCode = Int(try r.readInt64())
            case 2:
                try r.expect(wire, .lengthDelimited)
                var sub = try r.readMessage()
                shape = try decodeShape(&sub)
            default: try r.skip(wire, field: field)
            }
        }
        if typeCode == 0 { return nil }
        guard let type = DataType(rawValue: typeCode) else {
            throw RuntimeError.unsupportedModelFeature(
                "value '\(valueName)' has element type \(TensorProtoDecoder.unsupportedTypeName(typeCode))"
            )
        }
        return .tensor(elementType: type, shape: shape)
    }

    private static func decodeShape(_ r: inout ProtoReader) throws -> [Dimension] {
        var dims: [Dimension] = []
        while let (field, wire) = try r.readTag() {
            guard field == 1 else {
                try r.skip(wire, field: field)
                continue
            }
            try r.expect(wire, .lengthDelimited)
            var sub = try r.readMessage()
            var dim = Dimension.unknown
            while let (f, w) = try sub.readTag() {
                switch f {
                case 1: try sub.expect(w, .varint); dim = .fixed(Int(try sub.readInt64()))
                case 2:
                    try sub.expect(w, .lengthDelimited)
                    let name = try sub.readString()
                    dim = name.isEmpty ? .unknown : .symbolic(name)
                default: try sub.skip(w, field: f)
                }
            }
            dims.append(dim)
        }
        return dims
    }
}
