/// Decodes ONNX `TensorProto` messages (raw_data or the typed repeated fields) into tensors.
enum TensorProtoDecoder {
    /// Names for ONNX element types this runtime does not support, for error messages.
    static func unsupportedTypeName(_ code: Int) -> String {
        switch code {
        case 0: "undefined (0)"
        case 14: "complex64 (14)"
        case 15: "complex128 (15)"
        case 16: "bfloat16 (16)"
        case 17, 18, 19, 20: "float8 (\(code))"
        case 21: "uint4 (21)"
        case 22: "int4 (22)"
        case 23: "float4e2m1 (23)"
        default: "unknown element type \(code)"
        }
    }

    static func decode(_ r: inout ProtoReader) throws -> NamedTensor {
        var dims: [Int64] = []
        var typeCode = 0
        var name = ""
        var floats: [Float] = []
        var int32s: [Int64] = []
        var int64s: [Int64] = []
        var doubles: [Double] = []
        var uint64s: [UInt64] = []
        var strings: [String] = []
        var raw: Range<Int>?
        var external = false
        var segmented = false
        while let (field, wire) = try r.readTag() {
            switch field {
            case 1: try r.readRepeatedInt64(wire, into: &dims)
            case 2: try r.expect(wire, .varint); typeCode = Int(try r.readInt64())
            case 3: segmented = true; try r.skip(wire, field: field)
            case 4: try r.readRepeatedFloat(wire, into: &floats)
            case 5: try r.readRepeatedInt64(wire, into: &int32s)
            case 6: try r.expect(wire, .lengthDelimited); strings.append(try r.readString())
            case 7: try r.readRepeatedInt64(wire, into: &int64s)
            case 8: try r.expect(wire, .lengthDelimited); name = try r.readString()
            case 9: try r.expect(wire, .lengthDelimited); raw = try r.readLengthDelimitedRange()
            case 10: try r.readRepeatedDouble(wire, into: &doubles)
            case 11: try r.readRepeatedUInt64(wire, into: &uint64s)
            case 13: external = true; try r.skip(wire, field: field)
            case 14:
                try r.expect(wire, .varint)
                if try r.readVarint() == 1 { external = true }
            default: try r.skip(wire, field: field)
            }
        }
        let label = name.isEmpty ? "an unnamed tensor" : "tensor '\(name)'"
        if external {
            throw RuntimeError.unsupportedModelFeature(
                "\(label) keeps its data in an external file; re-save the model with every tensor embedded "
                    + "(onnx.save_model(model, path, save_as_external_data=False))"
            )
        }
        if segmented { throw RuntimeError.unsupportedModelFeature("\(label) is split into segments") }
        guard let type = DataType(rawValue: typeCode) else {
            throw RuntimeError.unsupportedModelFeature("\(label) has element type \(unsupportedTypeName(typeCode))")
        }
        guard dims.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError.malformedModel("\(label) has negative dimensions \(dims)")
        }
        let shape = dims.map { Int($0) }
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= Int(Int32.max) * 64 else {
                throw RuntimeError.malformedModel("\(label) has dims \(dims), too many elements")
            }
            count = product
        }
        let storage: TensorStorage
        if let raw {
            guard type != .string else {
                throw RuntimeError.malformedModel("\(label) is a string tensor but uses raw_data")
            }
            storage = try r.bytes.withUnsafeBytes { all in
                try decodeRaw(UnsafeRawBufferPointer(rebasing: all[raw]), type: type, count: count, label: label)
            }
        } else {
            storage = typedStorage(
                type,
                floats: floats,
                int32s: int32s,
                int64s: int64s,
                doubles: doubles,
                uint64s: uint64s,
                strings: strings
            )
        }
        guard storage.count == count else {
            throw RuntimeError.malformedModel("\(label) has shape \(shape) (\(count) elements) but holds \(storage.count) values")
        }
        return NamedTensor(name: name, tensor: Tensor(uncheckedShape: shape, storage: storage))
    }

    private static func typedStorage(
        _ type: DataType,
        floats: [Float],
        int32s: [Int64],
        int64s: [Int64],
        doubles: [Double],
        uint64s: [UInt64],
        strings: [String]
    ) -> TensorStorage {
        switch type {
        case .float: .float(floats)
        case .double: .double(doubles)
        case .int64: .int64(int64s)
        case .int32: .int32(int32s.map { Int32(truncatingIfNeeded: $0) })
        case .int16: .int16(int32s.map { Int16(truncatingIfNeeded: $0) })
        case .int8: .int8(int32s.map { Int8(truncatingIfNeeded: $0) })
        case .uint16: .uint16(int32s.map { UInt16(truncatingIfNeeded: $0) })
        case .uint8: .uint8(int32s.map { UInt8(truncatingIfNeeded: $0) })
        case .bool: .bool(int32s.map { $0 != 0 })
        case .float16: .float16(int32s.map { Float16Bits(bitPattern: UInt16(truncatingIfNeeded: $0)) })
        case .uint32: .uint32(uint64s.map { UInt32(truncatingIfNeeded: $0) })
        case .uint64: .uint64(uint64s)
        case .string: .string(strings)
        }
    }

    private static func decodeRaw(
        _ raw: UnsafeRawBufferPointer,
        type: DataType,
        count: Int,
        label: String
    ) throws -> TensorStorage {
        /// Copies little-endian elements; on little-endian hosts (all supported ones) one memcpy.
        func load<T>(_: T.Type) throws -> [T] {
            let width = MemoryLayout<T>.size
            guard raw.count == count * width else {
                throw RuntimeError.malformedModel(
                    "\(label) needs \(count * width) bytes of raw_data for \(count) \(type) elements, has \(raw.count)"
                )
            }
            #if _endian(big)
                throw RuntimeError.unsupportedModelFeature("raw_data on a big-endian host")
            #else
                return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                    if count > 0 {
                        UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(count * width)]))
                    }
                    initialized = count
                }
            #endif
        }
        switch type {
        case .float: return .float(try load(Float.self))
        case .double: return .double(try load(Double.self))
        case .int64: return .int64(try load(Int64.self))
        case .int32: return .int32(try load(Int32.self))
        case .int16: return .int16(try load(Int16.self))
        case .int8: return .int8(try load(Int8.self))
        case .uint8: return .uint8(try load(UInt8.self))
        case .uint16: return .uint16(try load(UInt16.self))
        case .uint32: return .uint32(try load(UInt32.self))
        case .uint64: return .uint64(try load(UInt64.self))
        case .bool: return .bool(try load(UInt8.self).map { $0 != 0 })
        case .float16: return .float16(try load(Float16Bits.self))
        case .string: throw RuntimeError.malformedModel("\(label) is a string tensor but uses raw_data")
        }
    }
}
