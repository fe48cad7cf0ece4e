import Foundation
import Testing

@testable import AugurRuntime

@Suite("ML operators: TreeEnsembleClassifier and TreeEnsemble")
struct MLOpsTreeClassifierTests {
    /// A stump on feature 0 (x ≤ 0.5 → leaf 1, else leaf 2) with the given class votes.
    func stump(ids: [Int64], nodes: [Int64], weights: [Float], labels: Attribute = .ints([0, 1, 2])) -> [String: Attribute] {
        [
            "nodes_treeids": .ints([0, 0, 0]), "nodes_nodeids": .ints([0, 1, 2]), "nodes_featureids": .ints([0, 0, 0]),
            "nodes_values": .floats([0.5, 0, 0]), "nodes_modes": .strings(["BRANCH_LEQ", "LEAF", "LEAF"]),
            "nodes_truenodeids": .ints([1, 0, 0]), "nodes_falsenodeids": .ints([2, 0, 0]),
            "class_treeids": .ints(ids.map { _ in 0 }), "class_nodeids": .ints(nodes), "class_ids": .ints(ids),
            "class_weights": .floats(weights), labels.isStrings ? "classlabels_strings" : "classlabels_int64s": labels,
        ]
    }

    func classify(_ a: [String: Attribute], _ rows: [[Float]]) throws -> (labels: Tensor, scores: [Float]) {
        let out = try MLNode.run("TreeEnsembleClassifier", outputs: 2, a, MLNode.matrix(rows))
        return (try #require(out[0].tensor), try MLNode.floats(out[1]))
    }

    @Test("multiclass label is the top summed class and SOFTMAX normalises the row")
    func multiclassSoftmax() throws {
        var a = stump(ids: [0, 1, 2], nodes: [1, 1, 2], weights: [2, 1, 3])
        a["post_transform"] = .string("SOFTMAX")
        let (labels, scores) = try classify(a, [[0], [1]])
        #expect(labels.int64s == [0, 2])
        let e2 = exp(Float(2)), e1 = exp(Float(1))
        let expected: [Float] = [e2 / (e2 + e1 + 1), e1 / (e2 + e1 + 1), 1 / (e2 + e1 + 1), 1 / (2 + exp(3)), 1 / (2 + exp(3)), exp(3) / (2 + exp(3))]
        for (got, want) in zip(scores, expected) { #expect(abs(got - want) < 1e-6) }
    }

    @Test("a multiclass tie goes to the first class")
    func tieGoesToFirstClass() throws {
        let (labels, _) = try classify(stump(ids: [1, 2, 0], nodes: [1, 1, 2], weights: [0.5, 0.5, 1]), [[0]])
        #expect(labels.int64s == [1])
    }

    @Test("binary with positive weights for one class picks labels[1] above 0.5")
    func binarySingleClassProbability() throws {
        let a = stump(ids: [1, 1], nodes: [1, 2], weights: [0.3, 0.8], labels: .ints([4, 9]))
        let (labels, scores) = try classify(a, [[0], [1]])
        #expect(labels.int64s == [4, 9])
        #expect(scores == [0, 0.3, 0, 0.8])
    }

    @Test("binary votes for class 0 only derive class 1 as the negated score")
    func binaryClassZeroOnly() throws {
        let a = stump(ids: [0, 0], nodes: [1, 2], weights: [0.3, -0.8], labels: .ints([4, 9]))
        let (labels, scores) = try classify(a, [[0], [1]])
        #expect(labels.int64s == [9, 4])
        #expect(scores == [-0.3, 0.3, 0.8, -0.8])
    }

    @Test("string labels are returned as strings")
    func stringLabels() throws {
        let a = stump(ids: [0, 1, 2], nodes: [1, 2, 2], weights: [1, 1, 2], labels: .strings(["ant", "bee", "cat"]))
        let (labels, _) = try classify(a, [[0], [1]])
        #expect(labels.strings == ["ant", "cat"])
    }

    @Test("base values count as scores for multiclass")
    func multiclassBaseValues() throws {
        var a = stump(ids: [0], nodes: [1], weights: [1], labels: .ints([0, 1, 2]))
        a["nodes_modes"] = .strings(["BRANCH_LEQ", "LEAF", "LEAF"])
        a["class_treeids"] = .ints([0, 0])
        a["class_nodeids"] = .ints([1, 2])
        a["class_ids"] = .ints([0, 0])
        a["class_weights"] = .floats([1, -1])
        a["base_values"] = .floats([0, 0.5, 0.25])
        let (labels, scores) = try classify(a, [[0], [1]])
        #expect(labels.int64s == [0, 1])
        #expect(scores == [1, 0.5, 0.25, -1, 0.5, 0.25])
    }

    // TreeEnsemble (opset 5): tree 0 is `x0 in {1, 2.5} ? leaf 0 (1.0) : leaf 1 (-2.0)`, tree 1 a leaf (0.5).
    func ensemble(post: Int = 0, targets: Int = 1) -> [String: Attribute] {
        [
            "n_targets": .int(Int64(targets)), "post_transform": .int(Int64(post)), "tree_roots": .ints([0, 1]),
            "nodes_featureids": .ints([0, 0]), "nodes_splits": .tensor(Tensor(shape: [2], elements: [0, 0] as [Float])),
            "nodes_modes": .tensor(Tensor(shape: [2], elements: [6, 0] as [UInt8])),
            "nodes_truenodeids": .ints([0, 2]), "nodes_trueleafs": .ints([1, 1]),
            "nodes_falsenodeids": .ints([1, 2]), "nodes_falseleafs": .ints([1, 1]),
            "membership_values": .tensor(Tensor(shape: [3], elements: [1, 2.5, .nan] as [Float])),
            "leaf_targetids": .ints(targets == 1 ? [0, 0, 0] : [0, 1, 1]),
            "leaf_weights": .tensor(Tensor(shape: [3], elements: [1, -2, 0.5] as [Float])),
        ]
    }

    @Test("TreeEnsemble tests set membership and treats a node with both branches on one leaf as a leaf")
    func treeEnsembleMembership() throws {
        let y = try MLNode.floats(try MLNode.run("TreeEnsemble", opset: 5, ensemble(), MLNode.matrix([[1], [2.5], [2], [.nan]]))[0])
        #expect(y == [1.5, 1.5, -1.5, -1.5])
    }

    @Test("TreeEnsemble post_transform 1 is SOFTMAX and 2 is LOGISTIC, as the ONNX spec numbers them")
    func treeEnsembleTransformCodes() throws {
        let x = MLNode.matrix([[1]])  // target 0 gets 1.0, target 1 gets 0.5
        let softmax = try MLNode.floats(try MLNode.run("TreeEnsemble", opset: 5, ensemble(post: 1, targets: 2), x)[0])
        let e = exp(Float(0.5))
        #expect(abs(softmax[0] - e / (e + 1)) < 1e-6 && abs(softmax[1] - 1 / (e + 1)) < 1e-6)
        let logistic = try MLNode.floats(try MLNode.run("TreeEnsemble", opset: 5, ensemble(post: 2, targets: 2), x)[0])
        #expect(abs(logistic[0] - 1 / (1 + exp(-1))) < 1e-6 && abs(logistic[1] - 1 / (1 + exp(-0.5))) < 1e-6)
    }

    @Test("TreeEnsemble keeps double inputs in double")
    func treeEnsembleDoubleOutput() throws {
        var a = ensemble()
        a["nodes_splits"] = .tensor(Tensor(shape: [2], elements: [0, 0] as [Double]))
        a["membership_values"] = .tensor(Tensor(shape: [3], elements: [1, 2.5, .nan] as [Double]))
        a["leaf_weights"] = .tensor(Tensor(shape: [3], elements: [1, -2, 0.1] as [Double]))
        let out = try MLNode.run("TreeEnsemble", opset: 5, a, .tensor(Tensor(shape: [1, 1], elements: [1] as [Double])))
        #expect(out[0].tensor?.doubles == [1.1])
    }

    @Test("TreeEnsemble is not registered before opset 5")
    func treeEnsembleNeedsOpset5() {
        #expect(!OperatorRegistry.default.supports(domain: "ai.onnx.ml", opType: "TreeEnsemble", opsetVersion: 4))
    }
}

extension Attribute {
    var isStrings: Bool { if case .strings = self { true } else { false } }
}
