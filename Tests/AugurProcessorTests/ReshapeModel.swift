/// A hand-encoded ONNX model, `Y = Reshape(X, [1, 2])` with X float `[N, 2]`: it runs on one row and fails on
/// more, so a merged call of one-row requests fails while each request alone succeeds.
enum ReshapeModel {
    static func bytes() -> [UInt8] {
        var shapeData: [UInt8] = []
        for value in [Int64(1), 2] { withUnsafeBytes(of: value.littleEndian) { shapeData += $0 } }
        var shape = Proto()
        shape.varint(1, 2)  // dims: [2]
        shape.varint(2, 7)  // data_type: INT64
        shape.string(8, "S")
        shape.bytes(9, shapeData)  // raw_data

        var node = Proto()
        node.string(1, "X")
        node.string(1, "S")
        node.string(2, "Y")
        node.string(3, "reshape")
        node.string(4, "Reshape")

        var graph = Proto()
        graph.bytes(1, node.data)
        graph.string(2, "reshape-graph")
        graph.bytes(5, shape.data)
        graph.bytes(11, floatInput("X", dims: [nil, 2]))
        graph.bytes(12, floatInput("Y", dims: []))

        var opset = Proto()
        opset.string(1, "")
        opset.varint(2, 17)
        var model = Proto()
        model.varint(1, 8)  // ir_version
        model.string(2, "augur-processor-tests")
        model.bytes(7, graph.data)
        model.bytes(8, opset.data)
        return model.data
    }

    /// A float tensor value info; a nil dim is the symbolic `N`, an empty `dims` leaves the shape out.
    private static func floatInput(_ name: String, dims: [Int?]) -> [UInt8] {
        var tensorType = Proto()
        tensorType.varint(1, 1)  // elem_type: FLOAT
        if !dims.isEmpty {
            var shape = Proto()
            for dim in dims {
                var d = Proto()
                if let dim { d.varint(1, UInt64(dim)) } else { d.string(2, "N") }
                shape.bytes(1, d.data)
            }
            tensorType.bytes(2, shape.data)
        }
        var type = Proto()
        type.bytes(1, tensorType.data)
        var info = Proto()
        info.string(1, name)
        info.bytes(2, type.data)
        return info.data
    }
}

/// Protobuf wire format: varint and length-delimited fields only.
private struct Proto {
    var data: [UInt8] = []

    mutating func varint(_ field: Int, _ value: UInt64) {
        raw(UInt64(field) << 3)
        raw(value)
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        raw(UInt64(field) << 3 | 2)
        raw(UInt64(value.count))
        data += value
    }

    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    private mutating func raw(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            data.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        data.append(UInt8(v))
    }
}
