/// Shared pieces of the tensor-manipulation operators: element-type dispatch, input access with
/// operator-named errors, axis checks and the strided copy every data-movement kernel reduces to.
enum TensorKernels {
    /// A computation written once, generically, for every tensor element type.
    protocol ElementVisitor {
        associatedtype Output
        func visit<T: TensorElement>(_ type: T.Type) throws -> Output
    }

    /// Runs `visitor` with the Swift element type of `dataType`.
    static func dispatch<V: ElementVisitor>(_ dataType: DataType, _ visitor: V) throws -> V.Output {
        switch dataType {
        case .float: try visitor.visit(Float.self)
        case .double: try visitor.visit(Double.self)
        case .int64: try visitor.visit(Int64.self)
        case .int32: try visitor.visit(Int32.self)
        case .bool: try visitor.visit(Bool.self)
        case .string: try visitor.visit(String.self)
        case .uint8: try visitor.visit(UInt8.self)
        case .int8: try visitor.visit(Int8.self)
        case .uint16: try visitor.visit(UInt16.self)
        case .int16: try visitor.visit(Int16.self)
        case .uint32: try visitor.visit(UInt32.self)
        case .uint64: try visitor.visit(UInt64.self)
        case .float16: try visitor.visit(Float16Bits.self)
        }
    }

    /// The tensor at `index`; throws naming the operator and input when it is missing or not a tensor.
    static func tensor(_ inputs: [Value?], _ index: Int, _ op: String, _ name: String) throws -> Tensor {
        guard let t = try optionalTensor(inputs, index, op, name) else {
            throw RuntimeError.invalidInput("\(op) needs its '\(name)' input (input \(index))")
        }
        return t
    }

    /// The tensor at `index`, or nil when the optional input is omitted.
    static func optionalTensor(_ inputs: [Value?], _ index: Int, _ op: String, _ name: String) throws -> Tensor? {
        guard index < inputs.count, let value = inputs[index] else { return nil }
        guard case .tensor(let t) = value else {
            throw RuntimeError.invalidInput("\(op): input '\(name)' must be a tensor, got \(value.kindDescription)")
        }
        return t
    }

    /// Integer values of a shape/axes/indices tensor; throws naming the operator for non-integer types.
    static func integers(_ tensor: Tensor, _ op: String, _ name: String) throws -> [Int] {
        guard tensor.dataType.isInteger else {
            throw RuntimeError.invalidInput("\(op): input '\(name)' must be an integer tensor, got \(tensor.dataType)")
        }
        return try tensor.integerValues()
    }

    /// Maps an axis in `-rank..<rank` into `0..<rank` (`0...rank` with `allowEnd`), naming the operator on error.
    static func axis(_ axis: Int, rank: Int, allowEnd: Bool = false, _ op: String) throws -> Int {
        // Negative axes count from the back of the input (Flatten's -1 is rank - 1, not rank).
        let upper = allowEnd ? rank + 1 : rank
        let normalized = axis < 0 ? axis + rank : axis
        guard normalized >= 0, normalized < upper else {
            let range = "[\(-rank), \(upper - 1)]"
            throw RuntimeError.invalidInput(
                "\(op): axis \(axis) is out of range \(range) for an input of rank \(rank)"
            )
        }
        return normalized
    }

    /// Normalises several axes, rejecting out-of-range and repeated ones.
    static func axes(_ axes: [Int], rank: Int, _ op: String) throws -> [Int] {
        let normalized = try axes.map { try axis($0, rank: rank, op) }
        guard Set(normalized).count == normalized.count else {
            throw RuntimeError.invalidInput("\(op): axes \(axes) name the same axis more than once")
        }
        return normalized
    }

    /// Fills `out` in row-major order over `dims`, reading `source[base + Σ index[d] * strides[d]]`.
    ///
    /// Slice (strides = step × input stride), Expand (0 on broadcast axes) and general Transpose
    /// (permuted strides) all reduce to this. Neighbouring axes that are contiguous with each other
    /// are merged first, so the inner loop is as long as possible and becomes a block copy
    /// (stride 1) or a fill (stride 0) whenever the layout allows.
    static func stridedCopy<T>(
        from source: UnsafeBufferPointer<T>,
        base: Int,
        dims: [Int],
        strides: [Int],
        into out: UnsafeMutableBufferPointer<T>
    ) {
        let total = out.count
        guard total > 0, let src = source.baseAddress, let dst = out.baseAddress else { return }
        var mergedDims: [Int] = []
        var mergedStrides: [Int] = []
        mergedDims.reserveCapacity(dims.count)
        mergedStrides.reserveCapacity(dims.count)
        for (d, s) in zip(dims, strides) where d != 1 {
            if let last = mergedStrides.last, last == s &* d {
                mergedDims[mergedDims.count - 1] &*= d
                mergedStrides[mergedStrides.count - 1] = s
            } else {
                mergedDims.append(d)
                mergedStrides.append(s)
            }
        }
        guard let n = mergedDims.last, let inner = mergedStrides.last else {
            dst[0] = src[base]
            return
        }
        let outerRank = mergedDims.count - 1
        var index = [Int](repeating: 0, count: outerRank)
        var offset = base
        var o = 0
        while o < total {
            switch inner {
            case 1: (dst + o).update(from: src + offset, count: n)
            case 0: (dst + o).update(repeating: src[offset], count: n)
            default:
                var p = offset
                for i in 0..<n {
                    dst[o + i] = src[p]
                    p &+= inner
                }
            }
            o += n
            var k = outerRank - 1
            while k >= 0 {
                index[k] += 1
                offset &+= mergedStrides[k]
                if index[k] < mergedDims[k] { break }
                offset &-= mergedStrides[k] &* mergedDims[k]
                index[k] = 0
                k -= 1
            }
        }
    }
}
