/// A tree ensemble in one normalised form, whichever operator attributes it came from: interior nodes
/// (children as indices, leaves as `~leafIndex`), per-tree roots and per-leaf weight lists.
/// Values are kept in `Double` (exact for float attributes) until compiled for a precision.
struct TreeEnsembleDefinition: Sendable {
    var features: [Int32] = []
    var thresholds: [Double] = []
    var modes: [TreeNodeMode] = []
    var trueChildren: [Int32] = []
    var falseChildren: [Int32] = []
    var missingTracksTrue: [Bool] = []
    /// Per interior node, the members of its set (BRANCH_MEMBER only; empty otherwise).
    var memberships: [[Double]] = []
    /// One root per tree; negative for a tree that is a single leaf.
    var roots: [Int32] = []
    /// Leaf `l` owns weights `leafStarts[l]..<leafStarts[l + 1]`.
    var leafStarts: [Int32] = [0]
    var leafTargets: [Int32] = []
    var leafWeights: [Double] = []
    /// Whether thresholds or weights came as double tensors (`*_as_tensor`), so evaluation runs in double.
    var needsDoublePrecision = false

    var leafCount: Int { leafStarts.count - 1 }

    /// Appends an interior node and returns its index.
    mutating func appendNode(feature: Int, threshold: Double, mode: TreeNodeMode, missingTrue: Bool, members: [Double]) -> Int32 {
        features.append(Int32(feature))
        thresholds.append(threshold)
        modes.append(mode)
        trueChildren.append(0)
        falseChildren.append(0)
        missingTracksTrue.append(missingTrue)
        memberships.append(members)
        return Int32(features.count - 1)
    }

    /// Appends a leaf with its (target, weight) pairs and returns its encoded reference `~index`.
    mutating func appendLeaf(_ weights: [(target: Int, weight: Double)]) -> Int32 {
        for w in weights {
            leafTargets.append(Int32(w.target))
            leafWeights.append(w.weight)
        }
        leafStarts.append(Int32(leafTargets.count))
        return ~Int32(leafCount - 1)
    }

    /// The largest feature index any node reads, or -1.
    var maxFeature: Int { Int(features.max() ?? -1) }

    /// Checks that every target id is in `0..<targetCount`.
    func checkTargets(_ targetCount: Int, attributes: NodeAttributes, name: String) throws {
        if let bad = leafTargets.first(where: { $0 < 0 || Int($0) >= targetCount }) {
            throw attributes.invalid(name, "target/class id \(bad) is outside 0..<\(targetCount)")
        }
    }
}

/// Reads a float list attribute or its double `*_as_tensor` twin as `[Double]`.
enum TreeAttributeReader {
    /// The values of `name` (FLOATS) or `name_as_tensor` (a double or float tensor); empty when neither is set.
    static func reals(_ a: NodeAttributes, _ name: String, usedDouble: inout Bool) throws -> [Double] {
        if let t = try a.tensorIfPresent("\(name)_as_tensor") {
            guard a[name] == nil else { throw a.invalid(name, "set both \(name) and \(name)_as_tensor; use one") }
            if t.dataType == .double { usedDouble = true }
            return try t.doubleValues()
        }
        return try a.floats(name, default: []).map { Double($0) }
    }

    /// An INTS attribute as `[Int]`, empty when absent.
    static func ints(_ a: NodeAttributes, _ name: String) throws -> [Int] {
        try a.ints(name, default: [])
    }
}
