import Testing

@testable import AugurRuntime

@Suite("ML operators: TreeEnsembleRegressor")
struct MLOpsTreeRegressorTests {
    let x = MLNode.matrix([[0], [1]])

    func regress(_ extra: [String: Attribute], mode: String = "BRANCH_LEQ", input: Value? = nil) throws -> [Float] {
        let attributes = MLNode.twoTrees(mode: mode).merging(extra) { $1 }
        return try MLNode.floats(try MLNode.run("TreeEnsembleRegressor", attributes.merging(["n_targets": .int(1)]) { a, _ in a }, input ?? x)[0])
    }

    @Test("SUM adds the leaf of every tree")
    func sumAddsLeaves() throws {
        #expect(try regress([:]) == [1.25, 2.25])
    }

    @Test("AVERAGE divides the sum by the tree count")
    func averageDividesByTrees() throws {
        #expect(try regress(["aggregate_function": .string("AVERAGE")]) == [0.625, 1.125])
    }

    @Test("MIN and MAX keep the extreme leaf")
    func minAndMaxKeepExtremes() throws {
        #expect(try regress(["aggregate_function": .string("MIN")]) == [0.25, 0.25])
        #expect(try regress(["aggregate_function": .string("MAX")]) == [1, 2])
    }

    @Test("a single base value is added to a single target")
    func baseValueAdded() throws {
        #expect(try regress(["base_values": .floats([10])]) == [11.25, 12.25])
    }

    @Test("a single target ignores LOGISTIC, as onnxruntime does")
    func singleTargetIgnoresLogistic() throws {
        #expect(try regress(["post_transform": .string("LOGISTIC")]) == [1.25, 2.25])
    }

    @Test("BRANCH_LT sends a value equal to the threshold to the false branch")
    func lessThanAtThreshold() throws {
        #expect(try regress([:], mode: "BRANCH_LT", input: MLNode.matrix([[0.5], [0.4]])) == [2.25, 1.25])
        #expect(try regress([:], mode: "BRANCH_LEQ", input: MLNode.matrix([[0.5]])) == [1.25])
    }

    @Test("BRANCH_GTE and BRANCH_EQ compare as named")
    func otherModes() throws {
        #expect(try regress([:], mode: "BRANCH_GTE", input: MLNode.matrix([[0.5], [0.4]])) == [1.25, 2.25])
        #expect(try regress([:], mode: "BRANCH_EQ", input: MLNode.matrix([[0.5], [0.4]])) == [1.25, 2.25])
        #expect(try regress([:], mode: "BRANCH_NEQ", input: MLNode.matrix([[0.5], [0.4]])) == [2.25, 1.25])
    }

    @Test("NaN follows the true branch only where the missing track says so")
    func missingValueTracks() throws {
        let nan = MLNode.matrix([[.nan]])
        #expect(try regress([:], input: nan) == [2.25])
        #expect(try regress(["nodes_missing_value_tracks_true": .ints([1, 0, 0, 0])], input: nan) == [1.25])
    }

    @Test("a target no tree reaches is 0 even with a base value")
    func unscoredTargetIsZero() throws {
        var a = MLNode.twoTrees()
        a["n_targets"] = .int(2)
        a["base_values"] = .floats([0.5, 0.75])
        let y = try MLNode.floats(try MLNode.run("TreeEnsembleRegressor", a, x)[0])
        #expect(y == [1.75, 0, 2.75, 0])
    }

    @Test("double thresholds compare double inputs exactly")
    func doubleThresholds() throws {
        var a = MLNode.twoTrees()
        a["nodes_values"] = nil
        a["nodes_values_as_tensor"] = .tensor(Tensor(shape: [4], elements: [0.1, 0, 0, 0] as [Double]))
        a["n_targets"] = .int(1)
        let input = Value.tensor(Tensor(shape: [2, 1], elements: [0.1, 0.1000000001] as [Double]))
        let y = try MLNode.floats(try MLNode.run("TreeEnsembleRegressor", a, input)[0])
        #expect(y == [1.25, 2.25])
    }

    @Test("a leaf without a weight is refused at load")
    func leafWithoutWeight() {
        var a = MLNode.twoTrees()
        a["target_treeids"] = .ints([0, 0])
        a["target_nodeids"] = .ints([1, 2])
        a["target_ids"] = .ints([0, 0])
        a["target_weights"] = .floats([1, 2])
        #expect(throws: RuntimeError.self) { try MLNode.make("TreeEnsembleRegressor", a) }
    }

    @Test("an unknown node mode is refused at load")
    func unknownMode() {
        #expect(throws: RuntimeError.self) { try MLNode.make("TreeEnsembleRegressor", MLNode.twoTrees(mode: "BRANCH_SOMETIMES")) }
    }

    @Test("a negative feature index is refused at load")
    func negativeFeature() {
        var a = MLNode.twoTrees()
        a["nodes_featureids"] = .ints([-1, 0, 0, 0])
        #expect(throws: RuntimeError.self) { try MLNode.make("TreeEnsembleRegressor", a) }
    }

    @Test("an input narrower than the features the trees read fails")
    func narrowInput() throws {
        var a = MLNode.twoTrees()
        a["nodes_featureids"] = .ints([3, 0, 0, 0])
        #expect(throws: RuntimeError.self) { try MLNode.run("TreeEnsembleRegressor", a, MLNode.matrix([[1, 2]])) }
    }

    @Test("a large batch scores each row as it scores alone")
    func largeBatchMatchesRows() throws {
        // A depth-3 tree over 3 features per tree, 9 trees, 300 rows (crosses the 128-row block and 4-row groups).
        var tree: [String: [Int64]] = ["t": [], "n": [], "f": [], "tr": [], "fa": []]
        var values: [Float] = [], modes: [String] = [], wt: [Int64] = [], wn: [Int64] = [], ww: [Float] = []
        for t in 0..<9 {
            for n in 0..<15 {
                let leaf = n >= 7
                tree["t"]!.append(Int64(t)); tree["n"]!.append(Int64(n))
                tree["f"]!.append(leaf ? 0 : Int64((n + t) % 3))
                tree["tr"]!.append(leaf ? 0 : Int64(2 * n + 1)); tree["fa"]!.append(leaf ? 0 : Int64(2 * n + 2))
                values.append(leaf ? 0 : Float((n * 7 + t * 3) % 11) / 10)
                modes.append(leaf ? "LEAF" : "BRANCH_LEQ")
                if leaf { wt.append(Int64(t)); wn.append(Int64(n)); ww.append(Float(n * 10 + t)) }
            }
        }
        let a: [String: Attribute] = [
            "nodes_treeids": .ints(tree["t"]!), "nodes_nodeids": .ints(tree["n"]!), "nodes_featureids": .ints(tree["f"]!),
            "nodes_truenodeids": .ints(tree["tr"]!), "nodes_falsenodeids": .ints(tree["fa"]!), "nodes_values": .floats(values),
            "nodes_modes": .strings(modes), "target_treeids": .ints(wt), "target_nodeids": .ints(wn), "target_ids": .ints(wt.map { _ in 0 }),
            "target_weights": .floats(ww), "n_targets": .int(1),
        ]
        let op = try MLNode.make("TreeEnsembleRegressor", a)
        let rows: [[Float]] = (0..<300).map { (r: Int) -> [Float] in
            (0..<3).map { (c: Int) -> Float in Float((r * 13 + c * 5) % 12) / 10 }
        }
        let batch = try MLNode.floats(try op.run([MLNode.matrix(rows)], context: ExecutionContext())[0])
        for (r, row) in rows.enumerated() {
            let single = try MLNode.floats(try op.run([MLNode.matrix([row])], context: ExecutionContext())[0])
            #expect(single == [batch[r]])
        }
    }
}
