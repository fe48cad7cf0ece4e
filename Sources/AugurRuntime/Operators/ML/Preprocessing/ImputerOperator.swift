/// ai.onnx.ml Imputer: replaces elements equal to the replaced value (NaN matches NaN) with the
/// imputed value of their feature (or the single imputed value).
struct ImputerOperator: Operator {
    let imputedFloats: [Float]
    let replacedFloat: Float
    let imputedInts: [Int64]
    let replacedInt: Int64

    init(node: NodeInfo) throws {
        let a = node.attributes
        imputedFloats = try a.floats("imputed_value_floats", default: [])
        imputedInts = try a.int64sIfPresent("imputed_value_int64s") ?? []
        replacedFloat = try a.float("replaced_value_float", default: 0)
        replacedInt = Int64(try a.int("replaced_value_int64", default: 0))
        guard imputedFloats.isEmpty != imputedInts.isEmpty else {
            throw a.invalid("imputed_value_floats", "exactly one of imputed_value_floats and imputed_value_int64s must be set")
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let input = inputs.first ?? nil else { throw RuntimeError.invalidInput("Imputer needs its input X") }
        let x = try input.asTensor()
        guard x.rank >= 1 else { throw RuntimeError.invalidInput("Imputer needs an input of rank 1 or more") }
        let stride = x.rank == 1 ? x.shape[0] : x.shape[1]
        switch x.storage {
        case .float(let a):
            let imputed = try values(imputedFloats, stride: stride, kind: "imputed_value_floats")
            let replaceNaN = replacedFloat.isNaN
            return [.tensor(Tensor(shape: x.shape, elements: a.enumerated().map { i, v in
                (v == replacedFloat || (replaceNaN && v.isNaN)) ? imputed[imputed.count == 1 ? 0 : i % stride] : v
            }))]
        case .double(let a):
            let imputed = try values(imputedFloats, stride: stride, kind: "imputed_value_floats").map { Double($0) }
            let replaced = Double(replacedFloat)
            return [.tensor(Tensor(shape: x.shape, elements: a.enumerated().map { i, v in
                (v == replaced || (replaced.isNaN && v.isNaN)) ? imputed[imputed.count == 1 ? 0 : i % stride] : v
            }))]
        case .int64(let a):
            let imputed = try values(imputedInts, stride: stride, kind: "imputed_value_int64s")
            return [.tensor(Tensor(shape: x.shape, elements: a.enumerated().map { i, v in
                v == replacedInt ? imputed[imputed.count == 1 ? 0 : i % stride] : v
            }))]
        case .int32(let a):
            let imputed = try values(imputedInts, stride: stride, kind: "imputed_value_int64s").map { Int32(truncatingIfNeeded: $0) }
            return [.tensor(Tensor(shape: x.shape, elements: a.enumerated().map { i, v in
                Int64(v) == replacedInt ? imputed[imputed.count == 1 ? 0 : i % stride] : v
            }))]
        default:
            throw RuntimeError.unsupportedDataType(x.dataType, operation: "Imputer")
        }
    }

    private func values<T>(_ imputed: [T], stride: Int, kind: String) throws -> [T] {
        guard !imputed.isEmpty else {
            throw RuntimeError.invalidInput("Imputer has no \(kind) for this input type")
        }
        guard imputed.count == 1 || imputed.count == stride else {
            throw RuntimeError.invalidInput("Imputer has \(imputed.count) \(kind) but the input has \(stride) features")
        }
        return imputed
    }
}
