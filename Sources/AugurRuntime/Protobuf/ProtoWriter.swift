/// Appends protobuf wire-format fields to a byte buffer (for encoding tensors and test fixtures).
struct ProtoWriter {
    private(set) var bytes: [UInt8] = []

    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func writeTag(_ field: Int, _ wireType: WireType) {
        writeVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    mutating func writeInt64(_ field: Int, _ value: Int64) {
        writeTag(field, .varint)
        writeVarint(UInt64(bitPattern: value))
    }

    mutating func writeFixed32(_ field: Int, _ value: UInt32) {
        writeTag(field, .fixed32)
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
    }

    mutating func writeBytes(_ field: Int, _ payload: [UInt8]) {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    mutating func writeString(_ field: Int, _ value: String) { writeBytes(field, Array(value.utf8)) }

    /// A packed repeated varint field.
    mutating func writePackedInt64(_ field: Int, _ values: [Int64]) {
        var inner = ProtoWriter()
        for v in values { inner.writeVarint(UInt64(bitPattern: v)) }
        writeBytes(field, inner.bytes)
    }
}

/// Encodes tensors as ONNX `TensorProto` bytes (the format of ONNX test data `input_0.pb`).
public enum ONNXEncoder {
    /// The `TensorProto` encoding of `tensor` (numbers as little-endian raw_data, strings in string_data).
    public static func encodeTensor(_ tensor: Tensor, name: String = "") -> [UInt8] {
        var w = ProtoWriter()
        w.writePackedInt64(1, tensor.shape.map { Int64($0) })
        w.writeInt64(2, Int64(tensor.dataType.rawValue))
        if !name.isEmpty { w.writeString(8, name) }
        switch tensor.storage {
        case .string(let strings): for s in strings { w.writeString(6, s) }
        default: w.writeBytes(9, rawBytes(tensor.storage))
        }
        return w.bytes
    }

    private static func rawBytes(_ storage: TensorStorage) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(values.count * MemoryLayout<T>.size)
            for v in values {
                let x = v.littleEndian
                withUnsafeBytes(of: x) { out.append(contentsOf: $0) }
            }
            return out
        }
        switch storage {
        case .float(let a): return le(a.map(\.bitPattern))
        case .double(let a): return le(a.map(\.bitPattern))
        case .int64(let a): return le(a)
        case .int32(let a): return le(a)
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .uint8(let a): return a
        case .int8(let a): return le(a)
        case .uint16(let a): return le(a)
        case .int16(let a): return le(a)
        case .uint32(let a): return le(a)
        case .uint64(let a): return le(a)
        case .float16(let a): return le(a.map(\.bitPattern))
        case .string: return []
        }
    }
}
