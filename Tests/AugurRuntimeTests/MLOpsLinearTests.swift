import Foundation
import Testing

@testable import AugurRuntime

@Suite("ML operators: linear models")
struct MLOpsLinearTests {
    let x = MLNode.matrix([[1, 2], [-1, 0]])

    @Test("LinearClassifier scores X·Wᵀ + b and labels the top class")
    func classifierScores() throws {
        let out = try MLNode.run("LinearClassifier", outputs: 2, [
            "coefficients": .floats([1, 0, 0, 1, 1, 1]), "intercepts": .floats([0, 0.5, -1]), "classlabels_ints": .ints([7, 8, 9]),
        ], x)
        #expect(try MLNode.floats(out[1]) == [1, 2.5, 2, -1, 0.5, -2])
        #expect(out[0].tensor?.int64s == [8, 8])
    }

    @Test("LinearClassifier with one coefficient row and two labels writes [1 − s, s]")
    func classifierBinaryOneRow() throws {
        let out = try MLNode.run("LinearClassifier", outputs: 2, [
            "coefficients": .floats([0.25, 0]), "intercepts": .floats([0]), "classlabels_strings": .strings(["no", "yes"]),
        ], x)
        #expect(try MLNode.floats(out[1]) == [0.75, 0.25, 1.25, -0.25])
        #expect(out[0].tensor?.strings == ["yes", "no"])
    }

    @Test("LinearClassifier LOGISTIC applies to each class score")
    func classifierLogistic() throws {
        let out = try MLNode.run("LinearClassifier", outputs: 2, [
            "coefficients": .floats([1, 0, 0, 1]), "intercepts": .floats([0, 0]), "classlabels_ints": .ints([0, 1]),
            "post_transform": .string("LOGISTIC"),
        ], MLNode.matrix([[0, 2]]))
        let z = try MLNode.floats(out[1])
        #expect(z[0] == 0.5 && abs(z[1] - 1 / (1 + exp(-2))) < 1e-7)
    }

    @Test("LinearClassifier refuses coefficients that do not fit the input")
    func classifierChecksWidth() {
        #expect(throws: RuntimeError.self) {
            try MLNode.run("LinearClassifier", outputs: 2, [
                "coefficients": .floats([1, 0, 0]), "intercepts": .floats([0]), "classlabels_ints": .ints([0, 1]),
            ], MLNode.matrix([[1, 2]]))
        }
    }

    @Test("LinearRegressor computes one column per target")
    func regressorTargets() throws {
        let y = try MLNode.run("LinearRegressor", ["coefficients": .floats([1, 1, 2, -1]), "intercepts": .floats([1, 0]), "targets": .int(2)], x)
        #expect(try MLNode.floats(y[0]) == [4, 0, 0, -2])
        #expect(y[0].tensor?.shape == [2, 2])
    }

    @Test("LinearRegressor SOFTMAX normalises across targets")
    func regressorSoftmax() throws {
        let y = try MLNode.floats(try MLNode.run("LinearRegressor", [
            "coefficients": .floats([1, 0, 0, 1]), "targets": .int(2), "post_transform": .string("SOFTMAX"),
        ], MLNode.matrix([[0, 0]]))[0])
        #expect(y == [0.5, 0.5])
    }

    @Test("PROBIT inverts the normal CDF")
    func probit() {
        #expect(abs(MLMath.probit(0.5)) < 1e-6)
        #expect(abs(MLMath.probit(0.975) - 1.959964) < 2e-3)
    }
}

@Suite("ML operators: SVMs")
struct MLOpsSVMTests {
    let vectors: [Float] = [0, 0, 1, 1]

    @Test("SVMRegressor sums coefficient-weighted RBF kernels plus rho")
    func regressorRBF() throws {
        let y = try MLNode.floats(try MLNode.run("SVMRegressor", [
            "kernel_type": .string("RBF"), "kernel_params": .floats([0.5, 0, 0]), "n_supports": .int(2),
            "support_vectors": .floats(vectors), "coefficients": .floats([2, -1]), "rho": .floats([0.25]),
        ], MLNode.matrix([[1, 0]]))[0])
        // |x − v₀|² = 1, |x − v₁|² = 1: 2·e^-0.5 − e^-0.5 + 0.25
        #expect(abs(y[0] - (exp(-0.5) + 0.25)) < 1e-6)
    }

    @Test("one-class SVMRegressor returns the sign as ±1")
    func oneClass() throws {
        let y = try MLNode.floats(try MLNode.run("SVMRegressor", [
            "kernel_type": .string("LINEAR"), "kernel_params": .floats([0, 0, 0]), "n_supports": .int(2),
            "support_vectors": .floats(vectors), "coefficients": .floats([1, 1]), "rho": .floats([-1]), "one_class": .int(1),
        ], MLNode.matrix([[1, 1], [0.2, 0.2]]))[0])
        #expect(y == [1, -1])
    }

    @Test("binary SVMClassifier votes with the decision value and writes [−d, d]")
    func binaryClassifier() throws {
        let out = try MLNode.run("SVMClassifier", outputs: 2, [
            "kernel_type": .string("LINEAR"), "kernel_params": .floats([0, 0, 0]), "classlabels_ints": .ints([3, 4]),
            "vectors_per_class": .ints([1, 1]), "support_vectors": .floats(vectors), "coefficients": .floats([1, -1]), "rho": .floats([0.5]),
        ], MLNode.matrix([[0, 0], [1, 1]]))
        // d = 1·(x·v₀) − 1·(x·v₁) + 0.5: 0.5 at the origin (class 3 wins), −1.5 at (1, 1) (class 4 wins).
        #expect(try MLNode.floats(out[1]) == [-0.5, 0.5, 1.5, -1.5])
        #expect(out[0].tensor?.int64s == [3, 4])
    }

    @Test("pairwise coupling of two classes returns the pairwise probability")
    func couplingTwoClasses() {
        let p = SVMProbability.couple([0, 0.8, 0.2, 0], classes: 2)
        #expect(abs(p[0] - 0.8) < 1e-3 && abs(p[1] - 0.2) < 1e-3)
    }
}
