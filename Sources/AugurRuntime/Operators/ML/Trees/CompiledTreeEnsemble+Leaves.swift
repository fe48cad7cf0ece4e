/// Folding leaf weights into per-row, per-target scores.
extension CompiledTreeEnsemble {
    /// Folds the weights of one leaf into the scores of one row.
    @inline(__always)
    func addLeaf(
        _ leaf: Int, row r: Int, _ aggregate: TreeAggregate,
        _ scores: UnsafeMutableBufferPointer<S>, _ has: UnsafeMutableBufferPointer<UInt8>
    ) {
        let lo = singleWeightLeaves ? leaf : Int(leafStarts[leaf])
        let hi = singleWeightLeaves ? leaf + 1 : Int(leafStarts[leaf + 1])
        for k in lo..<hi {
            let slot = r * targets + Int(leafTargets[k])
            let w = leafWeights[k]
            switch aggregate {
            case .sum, .average: scores[slot] += w
            case .min: if has[slot] == 0 || w < scores[slot] { scores[slot] = w }
            case .max: if has[slot] == 0 || w > scores[slot] { scores[slot] = w }
            }
            has[slot] = 1
        }
    }

    /// Folds the weights of the leaves rows `start..<end` reached (`leaves[r - start]`) into their scores.
    @inline(__always)
    func addLeaves(
        _ leaves: UnsafeMutableBufferPointer<Int32>, _ start: Int, _ end: Int,
        _ aggregate: TreeAggregate, _ scores: UnsafeMutableBufferPointer<S>, _ has: UnsafeMutableBufferPointer<UInt8>
    ) {
        let additive = aggregate == .sum || aggregate == .average
        if additive && singleWeightLeaves && targets == 1 {
            leafWeights.withUnsafeBufferPointer { weights in
                for r in start..<end { scores[r] += weights[Int(leaves[r - start])] }
            }
            return
        }
        if additive && singleWeightLeaves {
            // One weight per leaf for one target (XGBoost and LightGBM multiclass: a tree per class).
            let t = targets
            leafWeights.withUnsafeBufferPointer { weights in
                leafTargets.withUnsafeBufferPointer { leafTargets in
                    for r in start..<end {
                        let leaf = Int(leaves[r - start])
                        let slot = r * t + Int(leafTargets[leaf])
                        scores[slot] += weights[leaf]
                        has[slot] = 1
                    }
                }
            }
            return
        }
        if additive, let dense = denseWeights {
            // Every leaf votes for every target: add a whole row of weights, no target lookups.
            let t = targets
            dense.withUnsafeBufferPointer { weights in
                for r in start..<end {
                    let w = weights.baseAddress! + Int(leaves[r - start]) * t
                    let s = scores.baseAddress! + r * t
                    for k in 0..<t { s[k] += w[k] }
                }
            }
            for slot in (start * t)..<(end * t) { has[slot] = 1 }
            return
        }
        for r in start..<end { addLeaf(Int(leaves[r - start]), row: r, aggregate, scores, has) }
    }
}
