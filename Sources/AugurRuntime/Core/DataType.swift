/// An ONNX tensor element type; raw values are ONNX's `TensorProto.DataType` numbers.
public enum DataType: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// 32-bit float.
    case float = 1
    /// Unsigned 8-bit integer.
    case uint8 = 2
    /// Signed 8-bit integer.
    case int8 = 3
    /// Unsigned 16-bit integer.
    case uint16 = 4
    /// Signed 16-bit integer.
    case int16 = 5
    /// Signed 32-bit integer.
    case int32 = 6
    /// Signed 64-bit integer.
    case int64 = 7
    /// UTF-8 string.
    case string = 8
    /// Boolean.
    case bool = 9
    /// 16-bit float.
    case float16 = 10
    /// 64-bit float.
    case double = 11
    /// Unsigned 32-bit integer.
    case uint32 = 12
    /// Unsigned 64-bit integer.
    case uint64 = 13

    /// ONNX's spelling of the type, as used in error messages (`tensor(float)`).
    public var onnxName: String {
        switch self {
        case .float: "float"
        case .uint8: "uint8"
        case .int8: "int8"
        case .uint16: "uint16"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .string: "string"
        case .bool: "bool"
        case .float16: "float16"
        case .double: "double"
        case .uint32: "uint32"
        case .uint64: "uint64"
        }
    }

    /// The Open Inference Protocol V2 datatype name (`FP32`, `INT64`, `BYTES`, ...).
    public var v2Name: String {
        switch self {
        case .float: "FP32"
        case .uint8: "UINT8"
        case .int8: "INT8"
        case .uint16: "UINT16"
        case .int16: "INT16"
        case .int32: "INT32"
        case .int64: "INT64"
        case .string: "BYTES"
        case .bool: "BOOL"
        case .float16: "FP16"
        case .double: "FP64"
        case .uint32: "UINT32"
        case .uint64: "UINT64"
        }
    }

    /// Looks a type up by its Open Inference Protocol V2 name; nil when the name is not one.
    public init?(v2Name: String) {
        guard let match = DataType.allCases.first(where: { $0.v2Name == v2Name }) else { return nil }
        self = match
    }

    /// Whether the type is a floating-point type (float16, float, double).
    public var isFloatingPoint: Bool { self == .float || self == .double || self == .float16 }

    /// Whether the type is an integer type, signed or unsigned (bool excluded).
    public var isInteger: Bool {
        switch self {
        case .uint8, .int8, .uint16, .int16, .int32, .int64, .uint32, .uint64: true
        default: false
        }
    }

    /// Human-readable text, as used in error messages.
    public var description: String { onnxName }
}
