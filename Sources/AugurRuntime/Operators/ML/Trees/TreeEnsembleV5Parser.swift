/// Builds a `TreeEnsembleDefinition` from the attributes of TreeEnsemble (ai.onnx.ml opset 5):
/// interior nodes in `nodes_*`, leaves in `leaf_*`, children flagged as leaf or node by
/// `nodes_trueleafs`/`nodes_falseleafs`, modes as a uint8 tensor, sets in `membership_values`.
enum TreeEnsembleV5Parser {
    static func parse(_ a: NodeAttributes) throws -> TreeEnsembleDefinition {
        var definition = TreeEnsembleDefinition()
        let featureIDs = try a.ints("nodes_featureids")
        let trueIDs = try a.ints("nodes_truenodeids")
        let falseIDs = try a.ints("nodes_falsenodeids")
        let trueLeafs = try a.ints("nodes_trueleafs")
        let falseLeafs = try a.ints("nodes_falseleafs")
        let roots = try a.ints("tree_roots")
        let missing = try a.ints("nodes_missing_value_tracks_true", default: [])
        let splitsTensor = try a.tensor("nodes_splits")
        let splits = try splitsTensor.doubleValues()
        let modeCodes = try a.tensor("nodes_modes").integerValues()
        let targets = try a.ints("leaf_targetids")
        let weightsTensor = try a.tensor("leaf_weights")
        let weights = try weightsTensor.doubleValues()
        let members = try a.tensorIfPresent("membership_values")?.doubleValues() ?? []
        definition.needsDoublePrecision = splitsTensor.dataType == .double || weightsTensor.dataType == .double

        let n = featureIDs.count
        for (name, count) in [("nodes_truenodeids", trueIDs.count), ("nodes_falsenodeids", falseIDs.count),
                              ("nodes_trueleafs", trueLeafs.count), ("nodes_falseleafs", falseLeafs.count),
                              ("nodes_splits", splits.count), ("nodes_modes", modeCodes.count)] where count != n {
            throw a.invalid(name, "has \(count) entries but nodes_featureids has \(n)")
        }
        guard weights.count == targets.count else {
            throw a.invalid("leaf_weights", "has \(weights.count) entries but leaf_targetids has \(targets.count)")
        }
        if let bad = featureIDs.first(where: { $0 < 0 || $0 >= Int(Int32.max) }) {
            throw a.invalid("nodes_featureids", "feature index \(bad) is not a valid column index")
        }
        var modes: [TreeNodeMode] = []
        for code in modeCodes {
            guard let mode = TreeNodeMode(rawValue: UInt8(truncatingIfNeeded: code)), code >= 0, code <= 6 else {
                throw a.invalid("nodes_modes", "\(code) is not a mode code 0 (BRANCH_LEQ) … 6 (BRANCH_MEMBER)")
            }
            modes.append(mode)
        }
        // Sets are listed in node order, NaN-delimited, one per BRANCH_MEMBER node.
        var sets = [[Double]](repeating: [], count: n)
        var cursor = 0
        for i in 0..<n where modes[i] == .branchMember {
            while cursor < members.count, !members[cursor].isNaN {
                sets[i].append(members[cursor])
                cursor += 1
            }
            cursor += 1
        }
        for l in 0..<targets.count { _ = definition.appendLeaf([(targets[l], weights[l])]) }

        enum Slot { case root, trueChild(Int32), falseChild(Int32) }
        var visited = [Bool](repeating: false, count: n)
        for root in roots {
            guard root >= 0, root < n else { throw a.invalid("tree_roots", "root \(root) is not a node index below \(n)") }
            var stack: [(Int, Slot)] = [(root, .root)]
            while let (i, slot) = stack.popLast() {
                guard !visited[i] else {
                    throw a.invalid("nodes_truenodeids", "node \(i) is reached twice; the trees must be trees")
                }
                visited[i] = true
                let reference = definition.appendNode(
                    feature: featureIDs[i], threshold: splits[i], mode: modes[i],
                    missingTrue: i < missing.count && missing[i] == 1, members: sets[i])
                for (isTrue, childID, isLeaf) in [(false, falseIDs[i], falseLeafs[i] != 0), (true, trueIDs[i], trueLeafs[i] != 0)] {
                    if isLeaf {
                        guard childID >= 0, childID < targets.count else {
                            throw a.invalid(isTrue ? "nodes_truenodeids" : "nodes_falsenodeids", "leaf \(childID) does not exist")
                        }
                        let leaf = ~Int32(childID)
                        if isTrue { definition.trueChildren[Int(reference)] = leaf } else { definition.falseChildren[Int(reference)] = leaf }
                    } else {
                        guard childID >= 0, childID < n else {
                            throw a.invalid(isTrue ? "nodes_truenodeids" : "nodes_falsenodeids", "node \(childID) does not exist")
                        }
                        stack.append((childID, isTrue ? .trueChild(reference) : .falseChild(reference)))
                    }
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
}
