import AugurRuntime

/// Joins tensors along the batch (first) dimension and cuts model outputs back into per-request rows.
enum RowConcatenation {
    /// The requests' tensors stacked along dimension 0. All parts share element type and trailing dims.
    static func concatenate(_ parts: [Tensor]) -> Tensor {
        guard let first = parts.first else { return Tensor(uncheckedShape: [0], storage: .float([])) }
        guard parts.count > 1 else { return first }
        var shape = first.shape
        shape[0] = parts.reduce(0) { $0 + $1.shape[0] }
        let storage: TensorStorage
        switch first.storage {
        case .float: storage = .float(join(parts, Float.self))
        case .double: storage = .double(join(parts, Double.self))
        case .int64: storage = .int64(join(parts, Int64.self))
        case .int32: storage = .int32(join(parts, Int32.self))
        case .bool: storage = .bool(join(parts, Bool.self))
        case .string: storage = .string(join(parts, String.self))
        case .uint8: storage = .uint8(join(parts, UInt8.self))
        case .int8: storage = .int8(join(parts, Int8.self))
        case .uint16: storage = .uint16(join(parts, UInt16.self))
        case .int16: storage = .int16(join(parts, Int16.self))
        case .uint32: storage = .uint32(join(parts, UInt32.self))
        case .uint64: storage = .uint64(join(parts, UInt64.self))
        case .float16: storage = .float16(join(parts, Float16Bits.self))
        }
        return Tensor(uncheckedShape: shape, storage: storage)
    }

    private static func join<T: TensorElement>(_ parts: [Tensor], _: T.Type) -> [T] {
        var out: [T] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { out.append(contentsOf: T.elements(of: part.storage) ?? []) }
        return out
    }

    /// Rows `rows` of `value`, when `value` has `totalRows` rows along its first dimension; nil when the
    /// output is not per-row (then the batch cannot be split and must run request by request).
    static func slice(_ value: Value, rows: Range<Int>, totalRows: Int) -> Value? {
        switch value {
        case .tensor(let tensor):
            guard !tensor.shape.isEmpty, tensor.shape[0] == totalRows else { return nil }
            let rowSize = totalRows == 0 ? 0 : tensor.count / totalRows
            let range = (rows.lowerBound * rowSize)..<(rows.upperBound * rowSize)
            var shape = tensor.shape
            shape[0] = rows.count
            return .tensor(Tensor(uncheckedShape: shape, storage: slice(tensor.storage, range)))
        case .mapSequence(let maps):
            guard maps.count == totalRows || (maps.keys.count == 0 && totalRows == 0) else { return nil }
            let width = maps.keys.count
            let values = Array(maps.values[(rows.lowerBound * width)..<(rows.upperBound * width)])
            guard let part = try? MapSequence(keys: maps.keys, values: values) else { return nil }
            return .mapSequence(part)
        case .sequence(let items):
            guard items.count == totalRows else { return nil }
            return .sequence(Array(items[rows]))
        case .map:
            return nil
        }
    }

    private static func slice(_ storage: TensorStorage, _ range: Range<Int>) -> TensorStorage {
        switch storage {
        case .float(let a): .float(Array(a[range]))
        case .double(let a): .double(Array(a[range]))
        case .int64(let a): .int64(Array(a[range]))
        case .int32(let a): .int32(Array(a[range]))
        case .bool(let a): .bool(Array(a[range]))
        case .string(let a): .string(Array(a[range]))
        case .uint8(let a): .uint8(Array(a[range]))
        case .int8(let a): .int8(Array(a[range]))
        case .uint16(let a): .uint16(Array(a[range]))
        case .int16(let a): .int16(Array(a[range]))
        case .uint32(let a): .uint32(Array(a[range]))
        case .uint64(let a): .uint64(Array(a[range]))
        case .float16(let a): .float16(Array(a[range]))
        }
    }
}
