/// Encodes model outputs as an Open Inference Protocol V2 inference response.
///
/// Tensors follow the protocol: `{"name", "shape", "datatype", "data"}` with `data` flat row-major
/// (BYTES as UTF-8 strings, BOOL as true/false, NaN/±Inf as null since JSON has no such numbers).
///
/// Non-tensor outputs, which the protocol does not define, use these forms:
/// - ZipMap's sequence of maps: `{"name": "output_probability", "shape": [N], "datatype": "MAP_SEQUENCE",
///   "parameters": {"key_datatype": "INT64" | "BYTES", "value_datatype": "FP32"},
///   "data": [{"0": 0.9, "1": 0.1}, …]}` — one object per row, class label → probability; JSON object
///   keys are strings, so int64 labels are written in decimal.
/// - one map: `"datatype": "MAP"`, `"shape": [K]`, same parameters, `"data": {key: value, …}`.
/// - a sequence of tensors: `"datatype": "SEQUENCE"`, `"shape": [N]`,
///   `"data": [{"shape", "datatype", "data"}, …]`.
public enum V2ResponseEncoder {
    /// The response JSON: `{"model_name", "model_version"?, "id"?, "outputs": [...]}` in the given output order.
    public static func encode(
        modelName: String,
        modelVersion: String? = nil,
        id: String? = nil,
        outputs: [(name: String, value: Value)]
    ) -> [UInt8] {
        var w = JSONWriter(capacity: 128 + outputs.count * 64)
        w.raw("{\"model_name\":")
        w.string(modelName)
        if let modelVersion {
            w.raw(",\"model_version\":")
            w.string(modelVersion)
        }
        if let id {
            w.raw(",\"id\":")
            w.string(id)
        }
        w.raw(",\"outputs\":")
        w.array(outputs) { w, output in writeOutput(&w, name: output.name, value: output.value) }
        w.raw("}")
        return w.bytes
    }

    /// The V2 `outputs` array of `outputs` (name and value, in order) as JSON, written in one buffer.
    public static func encodeOutputs(_ outputs: [(name: String, value: Value)]) -> [UInt8] {
        var w = JSONWriter()
        w.array(outputs) { w, output in writeOutput(&w, name: output.name, value: output.value) }
        return w.bytes
    }

    /// One output object `{"name", "shape", "datatype", "data"}` (or the documented non-tensor forms).
    public static func encodeOutput(name: String, value: Value) -> [UInt8] {
        var w = JSONWriter()
        writeOutput(&w, name: name, value: value)
        return w.bytes
    }

    static func writeOutput(_ w: inout JSONWriter, name: String?, value: Value) {
        w.raw("{")
        if let name {
            w.raw("\"name\":")
            w.string(name)
            w.comma()
        }
        switch value {
        case .tensor(let t):
            writeShape(&w, t.shape)
            w.raw(",\"datatype\":")
            w.string(t.dataType.v2Name)
            w.raw(",\"data\":")
            writeData(&w, t.storage)
        case .mapSequence(let m):
            writeShape(&w, [m.count])
            w.raw(",\"datatype\":\"MAP_SEQUENCE\"")
            writeMapParameters(&w, m.keys, valueType: .float)
            w.raw(",\"data\":")
            w.array(0..<m.count) { w, row in
                writeMap(&w, m.keys, count: m.keys.count) { w, i in w.float(m.values[row * m.keys.count + i]) }
            }
        case .map(let m):
            writeShape(&w, [m.keys.count])
            w.raw(",\"datatype\":\"MAP\"")
            writeMapParameters(&w, m.keys, valueType: m.values.dataType)
            w.raw(",\"data\":")
            writeMap(&w, m.keys, count: m.keys.count) { w, i in writeElement(&w, m.values.storage, i) }
        case .sequence(let items):
            writeShape(&w, [items.count])
            w.raw(",\"datatype\":\"SEQUENCE\",\"data\":")
            w.array(items) { w, item in writeOutput(&w, name: nil, value: item) }
        }
        w.raw("}")
    }

    private static func writeShape(_ w: inout JSONWriter, _ shape: [Int]) {
        w.raw("\"shape\":")
        w.array(shape) { w, d in w.integer(d) }
    }

    private static func writeMapParameters(_ w: inout JSONWriter, _ keys: MapKeys, valueType: DataType) {
        w.raw(",\"parameters\":{\"key_datatype\":")
        switch keys {
        case .int64: w.raw("\"INT64\"")
        case .string: w.raw("\"BYTES\"")
        }
        w.raw(",\"value_datatype\":")
        w.string(valueType.v2Name)
        w.raw("}")
    }

    private static func writeMap(_ w: inout JSONWriter, _ keys: MapKeys, count: Int, _ value: (inout JSONWriter, Int) -> Void) {
        w.raw("{")
        for i in 0..<count {
            if i > 0 { w.comma() }
            switch keys {
            case .int64(let k): w.string(k[i].description)
            case .string(let k): w.string(k[i])
            }
            w.raw(":")
            value(&w, i)
        }
        w.raw("}")
    }

    private static func writeData(_ w: inout JSONWriter, _ storage: TensorStorage) {
        switch storage {
        case .float(let a): w.array(a) { w, x in w.float(x) }
        case .double(let a): w.array(a) { w, x in w.double(x) }
        case .int64(let a): w.array(a) { w, x in w.integer(x) }
        case .int32(let a): w.array(a) { w, x in w.integer(x) }
        case .bool(let a): w.array(a) { w, x in w.bool(x) }
        case .string(let a): w.array(a) { w, x in w.string(x) }
        case .uint8(let a): w.array(a) { w, x in w.integer(x) }
        case .int8(let a): w.array(a) { w, x in w.integer(x) }
        case .uint16(let a): w.array(a) { w, x in w.integer(x) }
        case .int16(let a): w.array(a) { w, x in w.integer(x) }
        case .uint32(let a): w.array(a) { w, x in w.integer(x) }
        case .uint64(let a): w.array(a) { w, x in w.integer(x) }
        case .float16(let a): w.array(a) { w, x in w.float(x.floatValue) }
        }
    }

    private static func writeElement(_ w: inout JSONWriter, _ storage: TensorStorage, _ i: Int) {
        switch storage {
        case .float(let a): w.float(a[i])
        case .double(let a): w.double(a[i])
        case .int64(let a): w.integer(a[i])
        case .int32(let a): w.integer(a[i])
        case .bool(let a): w.bool(a[i])
        case .string(let a): w.string(a[i])
        case .uint8(let a): w.integer(a[i])
        case .int8(let a): w.integer(a[i])
        case .uint16(let a): w.integer(a[i])
        case .int16(let a): w.integer(a[i])
        case .uint32(let a): w.integer(a[i])
        case .uint64(let a): w.integer(a[i])
        case .float16(let a): w.float(a[i].floatValue)
        }
    }
}
