/// One tree node, packed into 16 bytes for `Float` (four per cache line). Interior nodes come first
/// in the node array; each leaf then has a node whose children are itself, so a walk can keep
/// stepping after reaching a leaf without a test per step.
@usableFromInline
struct TreeNode<S: BinaryFloatingPoint & Sendable>: Sendable {
    @usableFromInline var threshold: S
    @usableFromInline var feature: Int32
    @usableFromInline var trueChild: Int32
    @usableFromInline var falseChild: Int32
}

/// A tree ensemble compiled for one precision: flat node and leaf arrays, walked for a whole batch
/// tree by tree in blocks of rows, with a specialised loop when every node uses the same comparison.
struct CompiledTreeEnsemble<S: BinaryFloatingPoint & Sendable>: Sendable {
    /// Interior nodes (`0..<interiorCount`), then one self-looping node per leaf (`interiorCount + leaf`).
    let nodes: [TreeNode<S>]
    let interiorCount: Int32
    let roots: [Int32]
    /// The one comparison all interior nodes share, or nil when modes are mixed or sets are tested.
    let uniformMode: TreeNodeMode?
    /// Per interior node: whether NaN takes the true branch; consulted only for NaN features.
    let missingTracksTrue: [Bool]
    let hasMissingTracks: Bool
    let modes: [TreeNodeMode]
    /// Per interior node, the range of its set in `setValues` (BRANCH_MEMBER only).
    let setStarts: [Int32]
    let setValues: [S]
    let leafStarts: [Int32]
    let leafTargets: [Int32]
    let leafWeights: [S]
    /// Whether every leaf has exactly one weight (then leaf `l`'s weight is `leafWeights[l]`).
    let singleWeightLeaves: Bool
    /// `leafCount × targets` weights when every leaf has exactly one weight per target (random forests).
    let denseWeights: [S]?
    let targets: Int
    /// The smallest input width the ensemble can read (at least 1: leaf nodes read column 0).
    let requiredFeatures: Int

    /// Rows evaluated together per tree; keeps a block of rows and one tree in cache.
    static var blockRows: Int { 128 }

    init(_ d: TreeEnsembleDefinition, targets: Int) {
        let interior = Int32(d.features.count)
        func node(_ reference: Int32) -> Int32 { reference >= 0 ? reference : interior + ~reference }
        var nodes: [TreeNode<S>] = []
        nodes.reserveCapacity(d.features.count + d.leafCount)
        for i in d.features.indices {
            nodes.append(TreeNode(threshold: S(d.thresholds[i]), feature: d.features[i],
                                  trueChild: node(d.trueChildren[i]), falseChild: node(d.falseChildren[i])))
        }
        for leaf in 0..<d.leafCount {
            let me = interior + Int32(leaf)
            nodes.append(TreeNode(threshold: 0, feature: 0, trueChild: me, falseChild: me))
        }
        self.nodes = nodes
        interiorCount = interior
        roots = d.roots.map(node)
        modes = d.modes
        let first = d.modes.first ?? .branchLEQ
        uniformMode = d.modes.allSatisfy({ $0 == first }) && first != .branchMember ? first : nil
        missingTracksTrue = d.missingTracksTrue
        hasMissingTracks = d.missingTracksTrue.contains(true)
        var starts: [Int32] = [0]
        var values: [S] = []
        for set in d.memberships {
            values.append(contentsOf: set.map { S($0) })
            starts.append(Int32(values.count))
        }
        setStarts = starts
        setValues = values
        leafStarts = d.leafStarts
        leafTargets = d.leafTargets
        leafWeights = d.leafWeights.map { S($0) }
        singleWeightLeaves = d.leafTargets.count == d.leafCount
        self.targets = targets
        denseWeights = CompiledTreeEnsemble.dense(d, targets: targets)
        requiredFeatures = max(d.maxFeature + 1, 1)
    }

    /// The weights as a `leafCount × targets` matrix when each leaf votes exactly once for every target.
    private static func dense(_ d: TreeEnsembleDefinition, targets: Int) -> [S]? {
        guard targets > 1, d.leafTargets.count == d.leafCount * targets else { return nil }
        var matrix = [S](repeating: 0, count: d.leafTargets.count)
        var seen = [Bool](repeating: false, count: d.leafTargets.count)
        for leaf in 0..<d.leafCount {
            let lo = Int(d.leafStarts[leaf]), hi = Int(d.leafStarts[leaf + 1])
            guard hi - lo == targets else { return nil }
            for k in lo..<hi {
                let slot = leaf * targets + Int(d.leafTargets[k])
                guard !seen[slot] else { return nil }
                seen[slot] = true
                matrix[slot] = S(d.leafWeights[k])
            }
        }
        return matrix
    }

    var treeCount: Int { roots.count }
}
