/// The batch walk: rows in blocks, trees one after another (so one tree stays in cache for a block),
/// four walks interleaved so their dependent loads overlap, and a loop specialised per comparison.
extension CompiledTreeEnsemble {
    /// Walks every tree for every row of `x` (`rows × columns`, row-major) and combines the leaf
    /// weights into `scores` (`rows × targets`), setting `has[r * targets + t]` to 1 where a tree
    /// contributed. `scores` must start at 0 and `has` at 0.
    func accumulate(
        x: UnsafeBufferPointer<S>, rows: Int, columns: Int, aggregate: TreeAggregate,
        scores: UnsafeMutableBufferPointer<S>, has: UnsafeMutableBufferPointer<UInt8>
    ) {
        switch (uniformMode, hasMissingTracks) {
        case (.branchLEQ?, false): run(BranchLEQ.self, MissingIgnored.self, x, rows, columns, aggregate, scores, has)
        case (.branchLEQ?, true): run(BranchLEQ.self, MissingTracked.self, x, rows, columns, aggregate, scores, has)
        case (.branchLT?, false): run(BranchLT.self, MissingIgnored.self, x, rows, columns, aggregate, scores, has)
        case (.branchLT?, true): run(BranchLT.self, MissingTracked.self, x, rows, columns, aggregate, scores, has)
        case (.branchGTE?, false): run(BranchGTE.self, MissingIgnored.self, x, rows, columns, aggregate, scores, has)
        case (.branchGTE?, true): run(BranchGTE.self, MissingTracked.self, x, rows, columns, aggregate, scores, has)
        case (.branchGT?, false): run(BranchGT.self, MissingIgnored.self, x, rows, columns, aggregate, scores, has)
        case (.branchGT?, true): run(BranchGT.self, MissingTracked.self, x, rows, columns, aggregate, scores, has)
        case (.branchEQ?, false): run(BranchEQ.self, MissingIgnored.self, x, rows, columns, aggregate, scores, has)
        case (.branchEQ?, true): run(BranchEQ.self, MissingTracked.self, x, rows, columns, aggregate, scores, has)
        case (.branchNEQ?, false): run(BranchNEQ.self, MissingIgnored.self, x, rows, columns, aggregate, scores, has)
        case (.branchNEQ?, true): run(BranchNEQ.self, MissingTracked.self, x, rows, columns, aggregate, scores, has)
        default: runMixed(x, rows, columns, aggregate, scores, has)
        }
    }

    func run<R: TreeBranchRule, M: MissingPolicy>(
        _ rule: R.Type, _ missing: M.Type, _ x: UnsafeBufferPointer<S>, _ rows: Int, _ columns: Int,
        _ aggregate: TreeAggregate, _ scores: UnsafeMutableBufferPointer<S>, _ has: UnsafeMutableBufferPointer<UInt8>
    ) {
        let interior = interiorCount
        nodes.withUnsafeBufferPointer { nodes in
            missingTracksTrue.withUnsafeBufferPointer { tracks in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.blockRows) { leaves in
                    if rows < 4 {
                        // Too few rows to walk side by side: walk four trees side by side instead.
                        for r in 0..<rows {
                            let row = x.baseAddress! + r * columns
                            var t = 0
                            while t + 4 <= roots.count {
                                var i0 = roots[t], i1 = roots[t + 1], i2 = roots[t + 2], i3 = roots[t + 3]
                                // Finished walks sit on their self-looping leaf node while the others go on.
                                while min(min(i0, i1), min(i2, i3)) < interior {
                                    i0 = Self.step(R.self, M.self, nodes, tracks, interior, i0, row)
                                    i1 = Self.step(R.self, M.self, nodes, tracks, interior, i1, row)
                                    i2 = Self.step(R.self, M.self, nodes, tracks, interior, i2, row)
                                    i3 = Self.step(R.self, M.self, nodes, tracks, interior, i3, row)
                                }
                                addLeaf(Int(i0 - interior), row: r, aggregate, scores, has)
                                addLeaf(Int(i1 - interior), row: r, aggregate, scores, has)
                                addLeaf(Int(i2 - interior), row: r, aggregate, scores, has)
                                addLeaf(Int(i3 - interior), row: r, aggregate, scores, has)
                                t += 4
                            }
                            while t < roots.count {
                                var i = roots[t]
                                while i < interior { i = Self.step(R.self, M.self, nodes, tracks, interior, i, row) }
                                addLeaf(Int(i - interior), row: r, aggregate, scores, has)
                                t += 1
                            }
                        }
                        return
                    }
                    var start = 0
                    while start < rows {
                        let end = Swift.min(rows, start + Self.blockRows)
                        for root in roots {
                            var r = start
                            while r + 4 <= end {
                                let base = x.baseAddress! + r * columns
                                var i0 = root, i1 = root, i2 = root, i3 = root
                                while min(min(i0, i1), min(i2, i3)) < interior {
                                    i0 = Self.step(R.self, M.self, nodes, tracks, interior, i0, base)
                                    i1 = Self.step(R.self, M.self, nodes, tracks, interior, i1, base + columns)
                                    i2 = Self.step(R.self, M.self, nodes, tracks, interior, i2, base + 2 * columns)
                                    i3 = Self.step(R.self, M.self, nodes, tracks, interior, i3, base + 3 * columns)
                                }
                                leaves[r - start] = i0 - interior
                                leaves[r - start + 1] = i1 - interior
                                leaves[r - start + 2] = i2 - interior
                                leaves[r - start + 3] = i3 - interior
                                r += 4
                            }
                            while r < end {
                                var i = root
                                let row = x.baseAddress! + r * columns
                                while i < interior { i = Self.step(R.self, M.self, nodes, tracks, interior, i, row) }
                                leaves[r - start] = i - interior
                                r += 1
                            }
                            addLeaves(leaves, start, end, aggregate, scores, has)
                        }
                        start = end
                    }
                }
            }
        }
    }

    /// One step of a walk from node `i` for the row at `row`; a leaf node steps to itself.
    @inline(__always)
    static func step<R: TreeBranchRule, M: MissingPolicy>(
        _ rule: R.Type, _ missing: M.Type, _ nodes: UnsafeBufferPointer<TreeNode<S>>, _ tracks: UnsafeBufferPointer<Bool>,
        _ interior: Int32, _ i: Int32, _ row: UnsafePointer<S>
    ) -> Int32 {
        let node = nodes[Int(i)]
        let value = row[Int(node.feature)]
        return M.decide(R.goesTrue(value, node.threshold), value, tracks, interior, Int(i)) ? node.trueChild : node.falseChild
    }

    /// The general walk: per-node modes, set membership and missing tracks.
    func runMixed(
        _ x: UnsafeBufferPointer<S>, _ rows: Int, _ columns: Int,
        _ aggregate: TreeAggregate, _ scores: UnsafeMutableBufferPointer<S>, _ has: UnsafeMutableBufferPointer<UInt8>
    ) {
        let interior = interiorCount
        for r in 0..<rows {
            for root in roots {
                var i = root
                while i < interior {
                    let node = nodes[Int(i)]
                    let value = x[r * columns + Int(node.feature)]
                    var goesTrue: Bool
                    switch modes[Int(i)] {
                    case .branchMember:
                        goesTrue = false
                        for k in Int(setStarts[Int(i)])..<Int(setStarts[Int(i) + 1]) where setValues[k] == value {
                            goesTrue = true
                            break
                        }
                    case let mode:
                        goesTrue = mode.goesTrue(value, node.threshold)
                    }
                    if value.isNaN && missingTracksTrue[Int(i)] { goesTrue = true }
                    i = goesTrue ? node.trueChild : node.falseChild
                }
                addLeaf(Int(i - interior), row: r, aggregate, scores, has)
            }
        }
    }
}

/// Whether a walk consults per-node missing-value tracks, fixed at compile time.
protocol MissingPolicy {
    static func decide<S: BinaryFloatingPoint>(
        _ compared: Bool, _ value: S, _ tracks: UnsafeBufferPointer<Bool>, _ interior: Int32, _ node: Int) -> Bool
}

/// No node sends NaN to its true branch: the comparison decides.
enum MissingIgnored: MissingPolicy {
    @inline(__always)
    static func decide<S: BinaryFloatingPoint>(
        _ compared: Bool, _ value: S, _ tracks: UnsafeBufferPointer<Bool>, _ interior: Int32, _ node: Int
    ) -> Bool {
        compared
    }
}

/// NaN takes the true branch where the node's track says so (the rare NaN test is well predicted;
/// leaf nodes have no track and loop to themselves either way).
enum MissingTracked: MissingPolicy {
    @inline(__always)
    static func decide<S: BinaryFloatingPoint>(
        _ compared: Bool, _ value: S, _ tracks: UnsafeBufferPointer<Bool>, _ interior: Int32, _ node: Int
    ) -> Bool {
        compared || (value.isNaN && node < Int(interior) && tracks[node])
    }
}
