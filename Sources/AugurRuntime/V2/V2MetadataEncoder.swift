/// Encodes Open Inference Protocol V2 model metadata (`GET /v2/models/{name}`) from declared types.
///
/// Tensor inputs and outputs report their element type's V2 name and shape, with `-1` for symbolic or
/// unknown dimensions (an unknown rank gives `[-1]`). Non-tensor values use the datatypes documented on
/// `V2ResponseEncoder`: `MAP_SEQUENCE` for a sequence of maps (ZipMap), `SEQUENCE`, `MAP`.
public enum V2MetadataEncoder {
    /// `{"name", "versions", "platform", "inputs": [{"name", "datatype", "shape"}], "outputs": [...]}`.
    public static func encode(
        name: String,
        versions: [String] = [],
        platform: String = "onnx",
        inputs: [ValueInfo],
        outputs: [ValueInfo]
    ) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"name\":")
        w.string(name)
        w.raw(",\"versions\":")
        w.array(versions) { w, v in w.string(v) }
        w.raw(",\"platform\":")
        w.string(platform)
        w.raw(",\"inputs\":")
        w.array(inputs) { w, info in writeInfo(&w, info) }
        w.raw(",\"outputs\":")
        w.array(outputs) { w, info in writeInfo(&w, info) }
        w.raw("}")
        return w.bytes
    }

    /// The V2 datatype name and shape (`-1` for free dimensions) that a declared type is reported as.
    public static func describe(_ type: ValueType?) -> (datatype: String, shape: [Int]) {
        switch type {
        case .tensor(let elementType, let shape)?:
            let dims = shape?.map { dim -> Int in
                if case .fixed(let n) = dim { return n }
                return -1
            }
            return (elementType.v2Name, dims ?? [-1])
        case .sequence(.map?)?: return ("MAP_SEQUENCE", [-1])
        case .sequence?: return ("SEQUENCE", [-1])
        case .map?: return ("MAP", [-1])
        case .optional(let inner)?: return describe(inner)
        case nil: return ("UNKNOWN", [-1])
        }
    }

    private static func writeInfo(_ w: inout JSONWriter, _ info: ValueInfo) {
        let (datatype, shape) = describe(info.type)
        w.raw("{\"name\":")
        w.string(info.name)
        w.raw(",\"datatype\":")
        w.string(datatype)
        w.raw(",\"shape\":")
        w.array(shape) { w, d in w.integer(d) }
        w.raw("}")
    }
}
