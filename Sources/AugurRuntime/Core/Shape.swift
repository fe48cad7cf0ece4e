/// Small helpers for shapes: element counts, strides and axis normalisation.
public enum Shape {
    /// The number of elements of a tensor of this shape (1 for a scalar).
    @inlinable
    public static func elementCount(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n &*= d }
        return n
    }

    /// The element count, or nil when a dimension is negative or the product overflows `Int`
    /// (for shapes that come from untrusted input).
    public static func checkedElementCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            n = product
        }
        return n
    }

    /// Row-major strides (in elements) of a tensor of this shape.
    @inlinable
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        var i = shape.count - 1
        while i >= 0 {
            strides[i] = running
            running &*= shape[i]
            i -= 1
        }
        return strides
    }

    /// Maps a possibly negative axis into `0..<rank` (`0...rank` when `allowEnd`, as for Unsqueeze/Concat ends).
    @inlinable
    public static func normalizeAxis(_ axis: Int, rank: Int, allowEnd: Bool = false) throws -> Int {
        let upper = allowEnd ? rank + 1 : rank
        let normalized = axis < 0 ? axis + upper : axis
        guard normalized >= 0, normalized < upper else {
            throw RuntimeError.invalidInput("axis \(axis) is out of range for a tensor of rank \(rank)")
        }
        return normalized
    }

    /// Normalises several axes and rejects duplicates.
    public static func normalizeAxes(_ axes: [Int], rank: Int) throws -> [Int] {
        let normalized = try axes.map { try normalizeAxis($0, rank: rank) }
        guard Set(normalized).count == normalized.count else {
            throw RuntimeError.invalidInput("axes \(axes) contain a repeated axis")
        }
        return normalized
    }

    /// The product of the dimensions before `axis` and from `axis` on (ONNX's 2-D flattening).
    @inlinable
    public static func flattenedSizes(_ shape: [Int], axis: Int) -> (outer: Int, inner: Int) {
        var outer = 1
        var inner = 1
        for (i, d) in shape.enumerated() {
            if i < axis { outer &*= d } else { inner &*= d }
        }
        return (outer, inner)
    }
}
