/// ai.onnx.ml LabelEncoder: maps each element through a key → value table (opset 1 string ↔ index,
/// opset 2 `keys_*`/`values_*` lists, opset 4 also `keys_tensor`/`values_tensor`/`default_tensor`).
/// Unknown keys get the default. As in onnxruntime, a repeated key keeps its first value and NaN keys
/// match NaN inputs from opset 4 on (before, NaN matches nothing).
struct LabelEncoderOperator: Operator {
    let table: [LabelKey: Int]
    let values: LabelColumn
    let defaultValue: LabelColumn

    init(node: NodeInfo) throws {
        let a = node.attributes
        let keys: LabelColumn
        if node.opsetVersion < 2 {
            let classes = try a.strings("classes_strings", default: [])
            let defaultInt = Int64(try a.int("default_int64", default: -1))
            let defaultString = try a.string("default_string", default: "_Unused")
            // Opset 1 maps strings to their index, or indices back to strings; the input type decides at run
            // time, so both directions are prepared: string keys here, the reverse table in `reverse`.
            keys = .string(classes)
            values = .int64((0..<classes.count).map { Int64($0) })
            defaultValue = .int64([defaultInt])
            reverse = ReverseTable(classes: classes, defaultString: defaultString)
        } else {
            keys = try LabelEncoderOperator.column(a, prefix: "keys")
            values = try LabelEncoderOperator.column(a, prefix: "values")
            defaultValue = try LabelEncoderOperator.defaultFor(values, a)
            reverse = nil
        }
        guard keys.count == values.count else {
            throw a.invalid("values", "there are \(keys.count) keys but \(values.count) values")
        }
        var table: [LabelKey: Int] = [:]
        for i in 0..<keys.count {
            let key = keys.key(at: i)
            if key == .notANumber && node.opsetVersion < 4 { continue }
            if table[key] == nil { table[key] = i }
        }
        self.table = table
    }

    /// Opset 1's int64 → string direction.
    struct ReverseTable: Sendable {
        var classes: [String]
        var defaultString: String
    }
    let reverse: ReverseTable?

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let input = inputs.first ?? nil else { throw RuntimeError.invalidInput("LabelEncoder needs its input X") }
        let x = try input.asTensor()
        if let reverse, case .int64(let a) = x.storage {
            let out = a.map { $0 >= 0 && $0 < reverse.classes.count ? reverse.classes[Int($0)] : reverse.defaultString }
            return [.tensor(Tensor(shape: x.shape, elements: out))]
        }
        let column = try LabelColumn(x.storage, operation: "LabelEncoder")
        let picks = (0..<column.count).map { table[column.key(at: $0)] ?? -1 }
        return [.tensor(Tensor(uncheckedShape: x.shape, storage: values.gather(picks, default: defaultValue)))]
    }

    /// Reads `<prefix>_floats`/`_int64s`/`_strings` or `<prefix>_tensor`; exactly one must be set.
    static func column(_ a: NodeAttributes, prefix: String) throws -> LabelColumn {
        var found: [LabelColumn] = []
        if let v = try a.floatsIfPresent("\(prefix)_floats") { found.append(.float(v)) }
        if let v = try a.int64sIfPresent("\(prefix)_int64s") { found.append(.int64(v)) }
        if let v = try a.stringsIfPresent("\(prefix)_strings") { found.append(.string(v)) }
        if let t = try a.tensorIfPresent("\(prefix)_tensor") { found.append(try LabelColumn(t.storage, operation: "LabelEncoder")) }
        guard found.count == 1, let column = found.first else {
            throw a.invalid("\(prefix)_*", "exactly one of \(prefix)_floats, \(prefix)_int64s, \(prefix)_strings, \(prefix)_tensor must be set")
        }
        return column
    }

    /// The default for unknown keys: `default_tensor`, else the `default_*` of the values' type, else
    /// ONNX's defaults ("_Unused", -1, -0.0).
    static func defaultFor(_ values: LabelColumn, _ a: NodeAttributes) throws -> LabelColumn {
        if let t = try a.tensorIfPresent("default_tensor") {
            let column = try LabelColumn(t.storage, operation: "LabelEncoder")
            guard column.count == 1 else { throw a.invalid("default_tensor", "must hold exactly one value") }
            return column
        }
        switch values {
        case .string: return .string([try a.string("default_string", default: "_Unused")])
        case .int64: return .int64([Int64(try a.int("default_int64", default: -1))])
        case .int32: return .int32([Int32(truncatingIfNeeded: try a.int("default_int64", default: -1))])
        case .int16: return .int16([Int16(truncatingIfNeeded: try a.int("default_int64", default: -1))])
        case .float: return .float([try a.float("default_float", default: -0.0)])
        case .double: return .double([Double(try a.float("default_float", default: -0.0))])
        }
    }
}

/// A hashable key for LabelEncoder tables: integers, reals (NaN collapsed to one key) and strings.
enum LabelKey: Hashable, Sendable {
    case integer(Int64)
    case real(Double)
    case notANumber
    case string(String)
}

/// One typed column of LabelEncoder keys or values.
enum LabelColumn: Sendable {
    case int64([Int64])
    case int32([Int32])
    case int16([Int16])
    case float([Float])
    case double([Double])
    case string([String])

    /// Wraps tensor storage of a supported type.
    init(_ storage: TensorStorage, operation: String) throws {
        switch storage {
        case .int64(let a): self = .int64(a)
        case .int32(let a): self = .int32(a)
        case .int16(let a): self = .int16(a)
        case .float(let a): self = .float(a)
        case .double(let a): self = .double(a)
        case .string(let a): self = .string(a)
        default: throw RuntimeError.unsupportedDataType(storage.dataType, operation: operation)
        }
    }

    var count: Int {
        switch self {
        case .int64(let a): a.count
        case .int32(let a): a.count
        case .int16(let a): a.count
        case .float(let a): a.count
        case .double(let a): a.count
        case .string(let a): a.count
        }
    }

    /// The lookup key of element `i`.
    func key(at i: Int) -> LabelKey {
        switch self {
        case .int64(let a): return .integer(a[i])
        case .int32(let a): return .integer(Int64(a[i]))
        case .int16(let a): return .integer(Int64(a[i]))
        case .float(let a): return a[i].isNaN ? .notANumber : .real(Double(a[i]))
        case .double(let a): return a[i].isNaN ? .notANumber : .real(a[i])
        case .string(let a): return .string(a[i])
        }
    }

    /// Storage holding element `picks[j]` of this column, or the single default where a pick is -1.
    func gather(_ picks: [Int], default fallback: LabelColumn) -> TensorStorage {
        func pick<T>(_ a: [T], _ d: [T]?) -> [T] { picks.map { $0 >= 0 ? a[$0] : d![0] } }
        switch self {
        case .int64(let a): if case .int64(let d) = fallback { return .int64(pick(a, d)) }
        case .int32(let a): if case .int32(let d) = fallback { return .int32(pick(a, d)) }
        case .int16(let a): if case .int16(let d) = fallback { return .int16(pick(a, d)) }
        case .float(let a): if case .float(let d) = fallback { return .float(pick(a, d)) }
        case .double(let a): if case .double(let d) = fallback { return .double(pick(a, d)) }
        case .string(let a): if case .string(let d) = fallback { return .string(pick(a, d)) }
        }
        // A default of another type than the values (possible with default_tensor) is converted by index only.
        return gatherWithoutDefault(picks)
    }

    private func gatherWithoutDefault(_ picks: [Int]) -> TensorStorage {
        switch self {
        case .int64(let a): .int64(picks.map { $0 >= 0 ? a[$0] : -1 })
        case .int32(let a): .int32(picks.map { $0 >= 0 ? a[$0] : -1 })
        case .int16(let a): .int16(picks.map { $0 >= 0 ? a[$0] : -1 })
        case .float(let a): .float(picks.map { $0 >= 0 ? a[$0] : -0.0 })
        case .double(let a): .double(picks.map { $0 >= 0 ? a[$0] : -0.0 })
        case .string(let a): .string(picks.map { $0 >= 0 ? a[$0] : "_Unused" })
        }
    }
}
