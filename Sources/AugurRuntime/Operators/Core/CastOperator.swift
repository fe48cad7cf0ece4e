/// Converts a tensor's elements to the type named by the `to` attribute, with C-like truncation
/// toward zero for float-to-integer, and decimal text for string conversions.
struct CastOperator: Operator {
    let target: DataType

    init(node: NodeInfo) throws {
        let to = try node.attributes.int("to")
        guard let type = DataType(rawValue: to) else {
            throw node.attributes.invalid("to", "element type \(to) is not supported (bfloat16, float8 and complex are not)")
        }
        target = type
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let first = inputs.first, let data = first else {
            throw RuntimeError.invalidInput("Cast needs one input")
        }
        return [.tensor(try TensorCast.cast(try data.asTensor(), to: target))]
    }
}

/// Element type conversion shared by Cast, CastLike and anything else that needs it.
public enum TensorCast {
    /// Converts `tensor` to `target`, keeping its shape.
    public static func cast(_ tensor: Tensor, to target: DataType) throws -> Tensor {
        if tensor.dataType == target { return tensor }
        let storage: TensorStorage
        switch tensor.storage {
        case .float(let a):
            storage =
                target == .string
                ? .string(a.map { formatFloat(Double($0), $0.description) })
                : target == .double ? .double(a.map { Double($0) }) : fromFloats(a, target)
        case .double(let a):
            storage = target == .string ? .string(a.map { formatFloat($0, $0.description) }) : fromDoubles(a, target)
        case .float16(let a):
            storage = fromFloats(a.map(\.floatValue), target)
        case .string(let a):
            storage = try fromStrings(a, target)
        case .bool(let a):
            storage = target == .string ? .string(a.map { $0 ? "1" : "0" }) : fromInt64s(a.map { $0 ? 1 : 0 }, target)
        case .uint64(let a):
            storage =
                target == .string
                ? .string(a.map { "\($0)" })
                : target.isFloatingPoint
                    ? fromDoubles(a.map { Double($0) }, target)
                    : fromInt64s(a.map { Int64(truncatingIfNeeded: $0) }, target)
        default:
            storage = fromInt64s(try tensor.integerValues().map { Int64($0) }, target)
        }
        return Tensor(uncheckedShape: tensor.shape, storage: storage)
    }

    private static func formatFloat(_ value: Double, _ text: String) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-INF" : "INF" }
        return text
    }

    /// Float to integer truncating toward zero; NaN becomes 0 and out-of-range values saturate to Int64.
    @inline(__always)
    private static func truncate(_ x: Double) -> Int64 {
        if x.isNaN { return 0 }
        if x >= 0x1p63 { return .max }
        if x <= -0x1p63 { return .min }
        return Int64(x)
    }

    private static func fromFloats(_ a: [Float], _ target: DataType) -> TensorStorage {
        switch target {
        case .float: return .float(a)
        case .float16: return .float16(a.map { Float16Bits($0) })
        case .string: return .string(a.map { formatFloat(Double($0), $0.description) })
        default: return fromDoubles(a.map { Double($0) }, target)
        }
    }

    private static func fromDoubles(_ a: [Double], _ target: DataType) -> TensorStorage {
        switch target {
        case .float: return .float(a.map { Float($0) })
        case .double: return .double(a)
        case .float16: return .float16(a.map { Float16Bits(Float($0)) })
        case .bool: return .bool(a.map { $0 != 0 })
        case .string: return .string(a.map { formatFloat($0, $0.description) })
        case .uint64: return .uint64(a.map { $0.isNaN || $0 < 0 ? 0 : $0 >= 0x1p64 ? .max : UInt64($0) })
        default: return fromInt64s(a.map(truncate), target)
        }
    }

    private static func fromInt64s(_ a: [Int64], _ target: DataType) -> TensorStorage {
        switch target {
        case .float: return .float(a.map { Float($0) })
        case .double: return .double(a.map { Double($0) })
        case .float16: return .float16(a.map { Float16Bits(Float($0)) })
        case .bool: return .bool(a.map { $0 != 0 })
        case .string: return .string(a.map { "\($0)" })
        case .int64: return .int64(a)
        case .int32: return .int32(a.map { Int32(truncatingIfNeeded: $0) })
        case .int16: return .int16(a.map { Int16(truncatingIfNeeded: $0) })
        case .int8: return .int8(a.map { Int8(truncatingIfNeeded: $0) })
        case .uint8: return .uint8(a.map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: return .uint16(a.map { UInt16(truncatingIfNeeded: $0) })
        case .uint32: return .uint32(a.map { UInt32(truncatingIfNeeded: $0) })
        case .uint64: return .uint64(a.map { UInt64(truncatingIfNeeded: $0) })
        }
    }

    private static func fromStrings(_ a: [String], _ target: DataType) throws -> TensorStorage {
        if target == .string { return .string(a) }
        if target.isInteger {
            let values = try a.map { s -> Int64 in
                let t = s.trimmingSpaces()
                if let v = Int64(t) { return v }
                if let d = Double(t) { return truncate(d) }
                throw RuntimeError.invalidInput("Cast cannot parse '\(s)' as \(target)")
            }
            return fromInt64s(values, target)
        }
        let values = try a.map { s -> Double in
            let t = s.trimmingSpaces()
            if let d = Double(t) { return d }
            switch t.lowercased() {
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan", "-nan": return .nan
            case "true": return 1
            case "false": return 0
            default: throw RuntimeError.invalidInput("Cast cannot parse '\(s)' as \(target)")
            }
        }
        if target == .float {
            // Parse straight to Float so decimal text rounds once, as a C strtof would.
            return .float(zip(a, values).map { s, d in Float(s.trimmingSpaces()) ?? Float(d) })
        }
        return fromDoubles(values, target)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\n" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" { s.removeLast() }
        return String(s)
    }
}
