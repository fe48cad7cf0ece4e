/// A numeric ML input seen as an `[rows, columns]` matrix of `Float` (1-D inputs are one row),
/// the layout every ai.onnx.ml scorer works on.
struct FeatureMatrix: Sendable {
    /// The number of rows (samples).
    var rows: Int
    /// The number of columns (features).
    var columns: Int
    /// `rows * columns` values, row-major.
    var values: [Float]

    /// Reads `value` (float, double, int32 or int64) as a matrix, converting elements to `Float`.
    init(_ value: Value?, operation: String) throws {
        guard let value else { throw RuntimeError.invalidInput("\(operation) needs its input X") }
        let x = try value.asTensor()
        (rows, columns) = try FeatureMatrix.dimensions(of: x, operation: operation)
        switch x.storage {
        case .float(let a): values = a
        case .double(let a): values = a.map { Float($0) }
        case .int64(let a): values = a.map { Float($0) }
        case .int32(let a): values = a.map { Float($0) }
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: operation)
        }
    }

    /// `[N, C]` for a 2-D tensor, `[1, C]` for 1-D; other ranks are refused.
    static func dimensions(of x: Tensor, operation: String) throws -> (rows: Int, columns: Int) {
        switch x.rank {
        case 1: return (1, x.shape[0])
        case 2: return (x.shape[0], x.shape[1])
        default:
            throw RuntimeError.invalidInput("\(operation) expects a 1-D or 2-D input, got shape \(x.shape)")
        }
    }
}

/// Class labels of an ai.onnx.ml classifier: integers or strings, chosen by attribute.
enum ClassLabels: Sendable {
    case int64([Int64])
    case string([String])

    /// Reads `classlabels_<ints>` / `classlabels_strings`; nil when neither is set.
    static func parse(_ attributes: NodeAttributes, intsName: String, stringsName: String = "classlabels_strings") throws -> ClassLabels? {
        if let strings = try attributes.stringsIfPresent(stringsName), !strings.isEmpty { return .string(strings) }
        if let ints = try attributes.int64sIfPresent(intsName), !ints.isEmpty { return .int64(ints) }
        return nil
    }

    /// The number of labels.
    var count: Int {
        switch self {
        case .int64(let a): a.count
        case .string(let a): a.count
        }
    }

    /// Marks a label that is the literal 0 (or "0"), not an index: onnxruntime emits it in some binary cases.
    static let literalZero = -1
    /// Marks a label that is the literal 1 (or "1").
    static let literalOne = -2

    /// A label tensor of shape `[picks.count]`: a pick ≥ 0 indexes the labels, `literalZero`/`literalOne`
    /// stand for the values 0 and 1 themselves.
    func tensor(picks: [Int]) -> Tensor {
        switch self {
        case .int64(let labels):
            return Tensor.build(shape: [picks.count], of: Int64.self) { out in
                for (i, k) in picks.enumerated() { out[i] = k >= 0 ? labels[k] : (k == ClassLabels.literalOne ? 1 : 0) }
            }
        case .string(let labels):
            return Tensor(shape: [picks.count], elements: picks.map { k in
                k >= 0 ? labels[k] : (k == ClassLabels.literalOne ? "1" : "0")
            })
        }
    }

    /// The map keys ZipMap would use for these labels.
    var mapKeys: MapKeys {
        switch self {
        case .int64(let a): .int64(a)
        case .string(let a): .string(a)
        }
    }
}
