/// Checks values supplied to `run` against the graph's declared input types.
enum InputChecker {
    /// Whether a concrete shape fits a declared one (same rank; fixed dims equal; symbolic/unknown dims free).
    static func shape(_ actual: [Int], fits declared: [Dimension]) -> Bool {
        guard actual.count == declared.count else { return false }
        for (a, d) in zip(actual, declared) {
            if case .fixed(let n) = d, n != a { return false }
        }
        return true
    }

    /// `[batch, 4]`-style text for a declared shape.
    static func describe(_ shape: [Dimension]) -> String {
        "[\(shape.map(\.description).joined(separator: ", "))]"
    }

    /// Throws a precise error when `value` does not match the declared type of input `name`.
    static func check(_ value: Value, name: String, declared: ValueType?) throws {
        // Kernels index by shape, so a tensor whose storage does not fill its shape must not get in.
        if case .tensor(let t) = value, Shape.checkedElementCount(t.shape) != t.storage.count {
            throw RuntimeError.inputShapeMismatch(
                input: name,
                expected: "a shape matching its \(t.storage.count) elements",
                actual: t.shape
            )
        }
        guard let declared else { return }
        switch (declared, value) {
        case (.tensor(let type, let shape), .tensor(let tensor)):
            guard tensor.dataType == type else {
                throw RuntimeError.inputTypeMismatch(input: name, expected: "tensor(\(type))", actual: "tensor(\(tensor.dataType))")
            }
            if let shape, !Self.shape(tensor.shape, fits: shape) {
                throw RuntimeError.inputShapeMismatch(input: name, expected: describe(shape), actual: tensor.shape)
            }
        case (.sequence, .sequence), (.map, .map), (.optional, _):
            return
        case (.sequence(let element), .mapSequence):
            if case .map? = element { return }
            throw RuntimeError.inputTypeMismatch(input: name, expected: declared.description, actual: value.kindDescription)
        default:
            throw RuntimeError.inputTypeMismatch(input: name, expected: declared.description, actual: value.kindDescription)
        }
    }

    /// Checks that a symbolic dimension (e.g. `batch`) has one size across all inputs of a run.
    static func checkSymbolicDims(_ inputs: [(name: String, value: Value, type: ValueType?)]) throws {
        var sizes: [String: (Int, String)] = [:]
        for input in inputs {
            guard case .tensor(_, let shape?)? = input.type, case .tensor(let tensor) = input.value else { continue }
            for (dim, size) in zip(shape, tensor.shape) {
                guard case .symbolic(let symbol) = dim else { continue }
                if let (seen, first) = sizes[symbol], seen != size {
                    throw RuntimeError.inputShapeMismatch(
                        input: input.name,
                        expected: "\(describe(shape)) with \(symbol) = \(seen) as in input '\(first)'",
                        actual: tensor.shape
                    )
                }
                sizes[symbol] = (size, input.name)
            }
        }
    }
}
