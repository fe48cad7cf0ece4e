import AugurRuntime
import Testing

@Suite("Standard tensor ops: Concat and Split")
struct StandardOpsTensorConcatSplitTests {
    typealias H = TensorOpHarness

    @Test("Concat along axis 0 appends rows")
    func concatRows() throws {
        let a = Tensor(shape: [1, 2], elements: [Float(1), 2])
        let b = Tensor(shape: [2, 2], elements: [Float(3), 4, 5, 6])
        let y = try H.run1("Concat", attributes: ["axis": .int(0)], inputs: [a, b])
        #expect(y.shape == [3, 2])
        #expect(y.floats == [1, 2, 3, 4, 5, 6])
    }

    @Test("Concat along the last axis with a negative axis interleaves rows")
    func concatNegativeAxis() throws {
        let a = Tensor(shape: [2, 1], elements: [Int64(1), 2])
        let b = Tensor(shape: [2, 2], elements: [Int64(10), 11, 20, 21])
        let y = try H.run1("Concat", attributes: ["axis": .int(-1)], inputs: [a, b])
        #expect(y.shape == [2, 3])
        #expect(y.int64s == [1, 10, 11, 2, 20, 21])
    }

    @Test("Concat accepts inputs that are empty along the axis")
    func concatEmptyPart() throws {
        let a = Tensor(shape: [2, 0], elements: [String]())
        let b = Tensor(shape: [2, 1], elements: ["x", "y"])
        let y = try H.run1("Concat", attributes: ["axis": .int(1)], inputs: [a, b, a])
        #expect(y.shape == [2, 1])
        #expect(y.strings == ["x", "y"])
    }

    @Test("Concat rejects mismatched shapes off the axis, naming the input")
    func concatShapeMismatch() {
        let message = H.failure {
            try H.run1("Concat", attributes: ["axis": .int(0)], inputs: [H.iota([1, 2]), H.iota([1, 3])])
        }
        #expect(message?.contains("Concat: input 1") == true)
    }

    @Test("Concat rejects inputs of different rank")
    func concatRankMismatch() {
        let message = H.failure {
            try H.run1("Concat", attributes: ["axis": .int(0)], inputs: [H.iota([2, 2]), H.iota([2])])
        }
        #expect(message?.contains("Concat: input 1 has rank 1") == true)
    }

    @Test("Concat rejects mixed element types")
    func concatMixedTypes() {
        let message = H.failure {
            try H.run1("Concat", attributes: ["axis": .int(0)], inputs: [H.iota([1]), H.ints([1])])
        }
        #expect(message?.contains("Concat") == true)
    }

    @Test("Concat rejects an axis out of range")
    func concatBadAxis() {
        let message = H.failure { try H.run1("Concat", attributes: ["axis": .int(2)], inputs: [H.iota([2, 2])]) }
        #expect(message?.contains("Concat: axis 2") == true)
    }

    @Test("Split into equal parts by output count")
    func splitEqual() throws {
        let parts = try H.run("Split", opset: 13, attributes: ["axis": .int(1)], inputs: [H.iota([2, 4])], outputs: 2)
        #expect(parts.map(\.shape) == [[2, 2], [2, 2]])
        #expect(parts[0].floats == [0, 1, 4, 5])
        #expect(parts[1].floats == [2, 3, 6, 7])
    }

    @Test("Split by a split input with a zero-size part")
    func splitVariableWithZero() throws {
        let parts = try H.run("Split", opset: 13, inputs: [H.iota([5]), H.ints([2, 0, 3])], outputs: 3)
        #expect(parts.map(\.shape) == [[2], [0], [3]])
        #expect(parts[2].floats == [2, 3, 4])
    }

    @Test("Split by the split attribute before opset 13")
    func splitAttribute() throws {
        let parts = try H.run(
            "Split",
            opset: 11,
            attributes: ["split": .ints([1, 2]), "axis": .int(-1)],
            inputs: [H.iota([2, 3])],
            outputs: 2
        )
        #expect(parts[0].floats == [0, 3])
        #expect(parts[1].floats == [1, 2, 4, 5])
    }

    @Test("Split with num_outputs makes the last part smaller when uneven")
    func splitNumOutputsUneven() throws {
        let parts = try H.run("Split", opset: 18, attributes: ["num_outputs": .int(4)], inputs: [H.iota([7])], outputs: 4)
        #expect(parts.map(\.shape) == [[2], [2], [2], [1]])
        #expect(parts[3].floats == [6])
    }

    @Test("Split before opset 18 rejects an axis that does not divide evenly")
    func splitUnevenBefore18() {
        let message = H.failure { try H.run("Split", opset: 13, inputs: [H.iota([5])], outputs: 2) }
        #expect(message?.contains("Split") == true)
    }

    @Test("Split rejects sizes that do not sum to the axis")
    func splitBadSizes() {
        let message = H.failure { try H.run("Split", opset: 13, inputs: [H.iota([5]), H.ints([2, 2])], outputs: 2) }
        #expect(message?.contains("sum to the axis size 5") == true)
    }

    @Test("Split rejects num_outputs that differs from the node's outputs at load")
    func splitNumOutputsMismatch() {
        let message = H.failure {
            try H.make("Split", opset: 18, attributes: ["num_outputs": .int(3)], inputCount: 1, outputs: 2)
        }
        #expect(message?.contains("num_outputs") == true)
    }
}
