import AugurRuntime
import Testing

@Suite("Standard tensor ops: Transpose")
struct StandardOpsTensorTransposeTests {
    typealias H = TensorOpHarness

    /// The transpose computed the slow, obvious way, to check the fast paths against.
    static func reference(_ x: [Float], shape: [Int], perm: [Int]) -> [Float] {
        let outShape = perm.map { shape[$0] }
        let inStrides = Shape.strides(shape)
        let outStrides = Shape.strides(outShape)
        return (0..<x.count).map { o in
            var source = 0
            for (i, p) in perm.enumerated() { source += (o / outStrides[i] % outShape[i]) * inStrides[p] }
            return x[source]
        }
    }

    @Test("Transpose without perm reverses the axes")
    func defaultPermReverses() throws {
        let y = try H.run1("Transpose", inputs: [H.iota([2, 3])])
        #expect(y.shape == [3, 2])
        #expect(y.floats == [0, 3, 1, 4, 2, 5])
    }

    @Test("Transpose matches the reference for every permutation of a 3-D tensor")
    func allPermutations3D() throws {
        let x = H.iota([2, 3, 4])
        for perm in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            let y = try H.run1("Transpose", attributes: ["perm": .ints(perm.map { Int64($0) })], inputs: [x])
            #expect(y.shape == perm.map { [2, 3, 4][$0] })
            #expect(y.floats == Self.reference(x.floats!, shape: [2, 3, 4], perm: perm), "perm \(perm)")
        }
    }

    @Test("Transpose of a large matrix crosses tile boundaries correctly")
    func blockedMatrix() throws {
        let x = H.iota([37, 70])
        let y = try H.run1("Transpose", attributes: ["perm": .ints([1, 0])], inputs: [x])
        #expect(y.floats == Self.reference(x.floats!, shape: [37, 70], perm: [1, 0]))
    }

    @Test("Transpose swapping the last two axes of a 4-D batch")
    func batchedLastTwo() throws {
        let x = H.iota([2, 3, 5, 33])
        let y = try H.run1("Transpose", attributes: ["perm": .ints([0, 1, 3, 2])], inputs: [x])
        #expect(y.shape == [2, 3, 33, 5])
        #expect(y.floats == Self.reference(x.floats!, shape: [2, 3, 5, 33], perm: [0, 1, 3, 2]))
    }

    @Test("Transpose NCHW to NHWC matches the reference")
    func nchwToNhwc() throws {
        let x = H.iota([2, 3, 4, 5])
        let y = try H.run1("Transpose", attributes: ["perm": .ints([0, 2, 3, 1])], inputs: [x])
        #expect(y.floats == Self.reference(x.floats!, shape: [2, 3, 4, 5], perm: [0, 2, 3, 1]))
    }

    @Test("Transpose moves strings and int64 as well")
    func otherElementTypes() throws {
        let s = Tensor(shape: [2, 2], elements: ["a", "b", "c", "d"])
        #expect(try H.run1("Transpose", inputs: [s]).strings == ["a", "c", "b", "d"])
        let i = Tensor(shape: [1, 2, 3], elements: [Int64(1), 2, 3, 4, 5, 6])
        let y = try H.run1("Transpose", attributes: ["perm": .ints([2, 0, 1])], inputs: [i])
        #expect(y.shape == [3, 1, 2])
        #expect(y.int64s == [1, 4, 2, 5, 3, 6])
    }

    @Test("Transpose keeps empty tensors and scalars")
    func emptyAndScalar() throws {
        let empty = try H.run1("Transpose", inputs: [Tensor(shape: [0, 3], elements: [Float]())])
        #expect(empty.shape == [3, 0])
        let scalar = try H.run1("Transpose", inputs: [Tensor(scalar: Float(2))])
        #expect(scalar.shape == [])
        #expect(scalar.floats == [2])
    }

    @Test("Transpose rejects a perm that is not a permutation when the node loads")
    func badPermAtLoad() {
        let message = H.failure { try H.make("Transpose", attributes: ["perm": .ints([0, 0])], inputCount: 1) }
        #expect(message?.contains("perm") == true)
        #expect(message?.contains("Transpose") == true)
    }

    @Test("Transpose rejects a perm whose length differs from the rank")
    func permRankMismatch() {
        let message = H.failure {
            try H.run1("Transpose", attributes: ["perm": .ints([1, 0])], inputs: [H.iota([2, 3, 4])])
        }
        #expect(message?.contains("Transpose: perm [1, 0]") == true)
    }
}
