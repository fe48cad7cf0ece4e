/// Converts JSON scalars into tensor storage of a V2 datatype, rejecting values that do not fit.
enum V2ElementDecoder {
    static func storage(_ elements: FlatArray.Elements, as type: DataType, input: String) throws -> TensorStorage {
        func mismatch(_ found: String) -> RuntimeError {
            .invalidRequest("input '\(input)' is \(type.v2Name) but its data holds \(found)")
        }
        switch (elements, type) {
        // FP32 tolerates the fast path's last-ulp error in doubles: it is far below float precision.
        case (.numbers(let d, _, _), .float): return .float(d.map { Float($0) })
        case (.numbers(let d, _, let approximate), .double): return .double(approximate?.exactDoubles(d) ?? d)
        case (.numbers(let d, _, _), .float16): return .float16(d.map { Float16Bits(Float($0)) })
        case (.numbers(let raw, let ints, let approximate), _) where type.isInteger:
            let d = approximate?.exactDoubles(raw) ?? raw
            let values =
                try ints
                ?? d.map { x -> Int64 in
                    guard x.rounded() == x, abs(x) < 0x1p63 else { throw mismatch("the non-integer \(x)") }
                    return Int64(x)
                }
            return try integers(values, as: type, input: input)
        case (.numbers(let d, _, _), .bool):
            return .bool(
                try d.map { x in
                    guard x == 0 || x == 1 else { throw mismatch("the number \(x) (use true/false or 0/1)") }
                    return x == 1
                }
            )
        case (.bools(let b), .bool): return .bool(b)
        case (.strings(let s), .string): return .string(s)
        case (.numbers, _): throw mismatch("numbers")
        case (.bools, _): throw mismatch("booleans")
        case (.strings, _): throw mismatch("strings")
        }
    }

    static func scalar(_ value: JSONValue, as type: DataType, input: String) throws -> TensorStorage {
        switch value {
        case .number(let n):
            return try storage(.numbers(doubles: [n.double], integers: n.integer.map { [$0] }, approximations: nil), as: type, input: input)
        case .bool(let b): return try storage(.bools([b]), as: type, input: input)
        case .string(let s): return try storage(.strings([s]), as: type, input: input)
        default: throw RuntimeError.invalidRequest("input '\(input)' has data of an unsupported kind")
        }
    }

    private static func integers(_ values: [Int64], as type: DataType, input: String) throws -> TensorStorage {
        func convert<T: FixedWidthInteger & TensorElement>(_: T.Type) throws -> TensorStorage {
            T.storage(
                try values.map { v in
                    guard let x = T(exactly: v) else {
                        throw RuntimeError.invalidRequest("input '\(input)' is \(type.v2Name) but holds \(v), which is out of range")
                    }
                    return x
                }
            )
        }
        switch type {
        case .int64: return .int64(values)
        case .int32: return try convert(Int32.self)
        case .int16: return try convert(Int16.self)
        case .int8: return try convert(Int8.self)
        case .uint8: return try convert(UInt8.self)
        case .uint16: return try convert(UInt16.self)
        case .uint32: return try convert(UInt32.self)
        case .uint64: return try convert(UInt64.self)
        default: throw RuntimeError.invalidRequest("input '\(input)': \(type.v2Name) is not an integer type")
        }
    }
}
