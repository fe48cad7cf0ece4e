/// Builds a `TreeEnsembleDefinition` from the per-node attribute lists of TreeEnsembleClassifier and
/// TreeEnsembleRegressor (`nodes_*` plus `class_*` or `target_*`).
///
/// Trees are taken in order of first appearance, each rooted at its first listed node (as onnxruntime
/// does); interior nodes are renumbered depth-first, true branch first, so a walk mostly moves forward
/// in memory. Weights on interior nodes are ignored, as onnxruntime ignores them.
enum TreeEnsembleListParser {
    /// `weightPrefix` is `class` or `target`.
    static func parse(_ a: NodeAttributes, weightPrefix: String) throws -> TreeEnsembleDefinition {
        var definition = TreeEnsembleDefinition()
        let treeIDs = try TreeAttributeReader.ints(a, "nodes_treeids")
        let nodeIDs = try TreeAttributeReader.ints(a, "nodes_nodeids")
        let featureIDs = try TreeAttributeReader.ints(a, "nodes_featureids")
        let trueIDs = try TreeAttributeReader.ints(a, "nodes_truenodeids")
        let falseIDs = try TreeAttributeReader.ints(a, "nodes_falsenodeids")
        let modeNames = try a.strings("nodes_modes", default: [])
        let missing = try TreeAttributeReader.ints(a, "nodes_missing_value_tracks_true")
        var usedDouble = false
        let values = try TreeAttributeReader.reals(a, "nodes_values", usedDouble: &usedDouble)
        let n = treeIDs.count
        for (name, list) in [("nodes_nodeids", nodeIDs.count), ("nodes_featureids", featureIDs.count),
                             ("nodes_truenodeids", trueIDs.count), ("nodes_falsenodeids", falseIDs.count),
                             ("nodes_modes", modeNames.count), ("nodes_values", values.count)] where list != n {
            throw a.invalid(name, "has \(list) entries but nodes_treeids has \(n)")
        }
        if let bad = featureIDs.first(where: { $0 < 0 || $0 >= Int(Int32.max) }) {
            throw a.invalid("nodes_featureids", "feature index \(bad) is not a valid column index")
        }
        var modes: [TreeNodeMode?] = []
        modes.reserveCapacity(n)
        for name in modeNames {
            guard let mode = TreeNodeMode.parse(name) else {
                throw a.invalid("nodes_modes", "'\(name)' is not LEAF or one of BRANCH_LEQ, LT, GTE, GT, EQ, NEQ")
            }
            modes.append(mode)
        }

        var index: [TreeNodeKey: Int] = Dictionary(minimumCapacity: n)
        var treeOrder: [Int] = []
        var seenTrees: Set<Int> = []
        for i in 0..<n {
            let key = TreeNodeKey(tree: treeIDs[i], node: nodeIDs[i])
            guard index[key] == nil else {
                throw a.invalid("nodes_nodeids", "node \(nodeIDs[i]) of tree \(treeIDs[i]) appears twice")
            }
            index[key] = i
            if seenTrees.insert(treeIDs[i]).inserted { treeOrder.append(i) }
        }

        let leafWeights = try weights(a, prefix: weightPrefix, index: index, usedDouble: &usedDouble)
        definition.needsDoublePrecision = usedDouble

        // Depth-first renumbering with an explicit stack: (original node, where to store its reference).
        enum Slot { case root, trueChild(Int32), falseChild(Int32) }
        var visited = [Bool](repeating: false, count: n)
        for rootIndex in treeOrder {
            var stack: [(Int, Slot)] = [(rootIndex, .root)]
            while let (i, slot) = stack.popLast() {
                guard !visited[i] else {
                    throw a.invalid("nodes_truenodeids", "node \(nodeIDs[i]) of tree \(treeIDs[i]) is reached twice; the trees must be trees")
                }
                visited[i] = true
                let reference: Int32
                if let mode = modes[i] {
                    reference = definition.appendNode(
                        feature: featureIDs[i], threshold: values[i], mode: mode,
                        missingTrue: i < missing.count && missing[i] == 1, members: [])
                    for (childID, isTrue) in [(falseIDs[i], false), (trueIDs[i], true)] {
                        guard let child = index[TreeNodeKey(tree: treeIDs[i], node: childID)] else {
                            throw a.invalid(isTrue ? "nodes_truenodeids" : "nodes_falsenodeids",
                                            "node \(nodeIDs[i]) of tree \(treeIDs[i]) points to missing node \(childID)")
                        }
                        stack.append((child, isTrue ? .trueChild(reference) : .falseChild(reference)))
                    }
                } else {
                    guard let weights = leafWeights[i], !weights.isEmpty else {
                        throw a.invalid("\(weightPrefix)_nodeids", "leaf \(nodeIDs[i]) of tree \(treeIDs[i]) has no weight")
                    }
                    reference = definition.appendLeaf(weights)
                }
                switch slot {
                case .root: definition.roots.append(reference)
                case .trueChild(let parent): definition.trueChildren[Int(parent)] = reference
                case .falseChild(let parent): definition.falseChildren[Int(parent)] = reference
                }
            }
        }
        return definition
    }

    /// Groups `<prefix>_ids/_nodeids/_treeids/_weights` by leaf, keeping the listed order within a leaf.
    private static func weights(
        _ a: NodeAttributes, prefix: String, index: [TreeNodeKey: Int], usedDouble: inout Bool
    ) throws -> [Int: [(target: Int, weight: Double)]] {
        let ids = try TreeAttributeReader.ints(a, "\(prefix)_ids")
        let nodeIDs = try TreeAttributeReader.ints(a, "\(prefix)_nodeids")
        let treeIDs = try TreeAttributeReader.ints(a, "\(prefix)_treeids")
        let values = try TreeAttributeReader.reals(a, "\(prefix)_weights", usedDouble: &usedDouble)
        guard nodeIDs.count == ids.count, treeIDs.count == ids.count, values.count == ids.count else {
            throw a.invalid("\(prefix)_weights", "\(prefix)_ids, _nodeids, _treeids and _weights must have the same length")
        }
        var result: [Int: [(target: Int, weight: Double)]] = [:]
        for k in 0..<ids.count {
            guard let node = index[TreeNodeKey(tree: treeIDs[k], node: nodeIDs[k])] else {
                throw a.invalid("\(prefix)_nodeids", "weight \(k) is for node \(nodeIDs[k]) of tree \(treeIDs[k]), which does not exist")
            }
            result[node, default: []].append((ids[k], values[k]))
        }
        return result
    }
}

/// A (tree id, node id) pair identifying a node in the list attributes.
struct TreeNodeKey: Hashable {
    var tree: Int
    var node: Int
}
