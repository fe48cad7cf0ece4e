extension Tensor {
    /// Integer elements as `Int` (from any integer type); for shape, axes and index inputs.
    public func integerValues() throws -> [Int] {
        switch storage {
        case .int64(let a): return a.map { Int($0) }
        case .int32(let a): return a.map { Int($0) }
        case .int16(let a): return a.map { Int($0) }
        case .int8(let a): return a.map { Int($0) }
        case .uint8(let a): return a.map { Int($0) }
        case .uint16(let a): return a.map { Int($0) }
        case .uint32(let a): return a.map { Int($0) }
        case .uint64(let a): return a.map { Int(truncatingIfNeeded: $0) }
        default: throw RuntimeError.invalidInput("expected an integer tensor, got \(dataType)")
        }
    }

    /// Numeric elements widened to `Double` (bools as 0/1); throws for strings.
    public func doubleValues() throws -> [Double] {
        switch storage {
        case .float(let a): return a.map { Double($0) }
        case .double(let a): return a
        case .int64(let a): return a.map { Double($0) }
        case .int32(let a): return a.map { Double($0) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .uint8(let a): return a.map { Double($0) }
        case .int8(let a): return a.map { Double($0) }
        case .uint16(let a): return a.map { Double($0) }
        case .int16(let a): return a.map { Double($0) }
        case .uint32(let a): return a.map { Double($0) }
        case .uint64(let a): return a.map { Double($0) }
        case .float16(let a): return a.map { Double($0.floatValue) }
        case .string: throw RuntimeError.invalidInput("expected a numeric tensor, got string")
        }
    }

    /// Numeric elements as `Float` (bools as 0/1); throws for strings. No copy when already float.
    public func floatValues() throws -> [Float] {
        switch storage {
        case .float(let a): return a
        case .double(let a): return a.map { Float($0) }
        case .float16(let a): return a.map { $0.floatValue }
        default: return try doubleValues().map { Float($0) }
        }
    }

    /// The single element of a one-element tensor as `Int`; for scalar inputs such as axis or k.
    public func scalarInteger() throws -> Int {
        let values = try integerValues()
        guard values.count == 1 else {
            throw RuntimeError.invalidInput("expected a single integer, got a tensor of shape \(shape)")
        }
        return values[0]
    }

    /// The single element of a one-element numeric tensor as `Double`.
    public func scalarDouble() throws -> Double {
        let values = try doubleValues()
        guard values.count == 1 else {
            throw RuntimeError.invalidInput("expected a single number, got a tensor of shape \(shape)")
        }
        return values[0]
    }
}
