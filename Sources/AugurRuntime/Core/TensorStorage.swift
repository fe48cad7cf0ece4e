/// The contiguous, row-major elements of a tensor, one case per element type.
public enum TensorStorage: Sendable, Equatable {
    /// 32-bit floats (ONNX float).
    case float([Float])
    /// 64-bit floats (ONNX double).
    case double([Double])
    /// Signed 64-bit integers.
    case int64([Int64])
    /// Signed 32-bit integers.
    case int32([Int32])
    /// Booleans.
    case bool([Bool])
    /// UTF-8 strings (ONNX string).
    case string([String])
    /// Unsigned 8-bit integers.
    case uint8([UInt8])
    /// Signed 8-bit integers.
    case int8([Int8])
    /// Unsigned 16-bit integers.
    case uint16([UInt16])
    /// Signed 16-bit integers.
    case int16([Int16])
    /// Unsigned 32-bit integers.
    case uint32([UInt32])
    /// Unsigned 64-bit integers.
    case uint64([UInt64])
    /// Half-precision floats, as bit patterns.
    case float16([Float16Bits])

    /// The element type of this storage.
    @inlinable
    public var dataType: DataType {
        switch self {
        case .float: .float
        case .double: .double
        case .int64: .int64
        case .int32: .int32
        case .bool: .bool
        case .string: .string
        case .uint8: .uint8
        case .int8: .int8
        case .uint16: .uint16
        case .int16: .int16
        case .uint32: .uint32
        case .uint64: .uint64
        case .float16: .float16
        }
    }

    /// The number of elements stored.
    @inlinable
    public var count: Int {
        switch self {
        case .float(let a): a.count
        case .double(let a): a.count
        case .int64(let a): a.count
        case .int32(let a): a.count
        case .bool(let a): a.count
        case .string(let a): a.count
        case .uint8(let a): a.count
        case .int8(let a): a.count
        case .uint16(let a): a.count
        case .int16(let a): a.count
        case .uint32(let a): a.count
        case .uint64(let a): a.count
        case .float16(let a): a.count
        }
    }

    /// Storage of `count` zero elements (empty strings, false) of `dataType`.
    public static func zeros(_ dataType: DataType, count: Int) -> TensorStorage {
        switch dataType {
        case .float: .float(Array(repeating: 0, count: count))
        case .double: .double(Array(repeating: 0, count: count))
        case .int64: .int64(Array(repeating: 0, count: count))
        case .int32: .int32(Array(repeating: 0, count: count))
        case .bool: .bool(Array(repeating: false, count: count))
        case .string: .string(Array(repeating: "", count: count))
        case .uint8: .uint8(Array(repeating: 0, count: count))
        case .int8: .int8(Array(repeating: 0, count: count))
        case .uint16: .uint16(Array(repeating: 0, count: count))
        case .int16: .int16(Array(repeating: 0, count: count))
        case .uint32: .uint32(Array(repeating: 0, count: count))
        case .uint64: .uint64(Array(repeating: 0, count: count))
        case .float16: .float16(Array(repeating: Float16Bits(bitPattern: 0), count: count))
        }
    }
}
