import AugurRuntime
import Testing

@Suite("Standard tensor ops: Gather and Expand")
struct StandardOpsTensorGatherExpandTests {
    typealias H = TensorOpHarness

    @Test("Gather on axis 0 picks rows, with indices shape inserted")
    func gatherRows() throws {
        let indices = Tensor(shape: [2, 2], elements: [Int64(0), 2, 1, 0])
        let y = try H.run1("Gather", inputs: [H.iota([3, 2]), indices])
        #expect(y.shape == [2, 2, 2])
        #expect(y.floats == [0, 1, 4, 5, 2, 3, 0, 1])
    }

    @Test("Gather on an inner axis with negative indices")
    func gatherInnerNegative() throws {
        let indices = Tensor(shape: [2], elements: [Int32(-1), 0])
        let y = try H.run1("Gather", attributes: ["axis": .int(-1)], inputs: [H.iota([2, 3]), indices])
        #expect(y.shape == [2, 2])
        #expect(y.floats == [2, 0, 5, 3])
    }

    @Test("Gather with a scalar index drops the axis")
    func gatherScalarIndex() throws {
        let y = try H.run1("Gather", attributes: ["axis": .int(1)], inputs: [H.iota([2, 3]), Tensor(scalar: Int64(1))])
        #expect(y.shape == [2])
        #expect(y.floats == [1, 4])
    }

    @Test("Gather works on strings and with empty indices")
    func gatherStringsAndEmpty() throws {
        let words = Tensor(shape: [3], elements: ["a", "b", "c"])
        #expect(try H.run1("Gather", inputs: [words, H.ints([2, 2])]).strings == ["c", "c"])
        #expect(try H.run1("Gather", inputs: [words, H.ints([])]).shape == [0])
    }

    @Test("Gather rejects an out-of-range index, naming the index and axis size")
    func gatherOutOfRange() {
        let message = H.failure { try H.run1("Gather", inputs: [H.iota([3]), H.ints([3])]) }
        #expect(message?.contains("Gather: index 3 is out of range") == true)
        let negative = H.failure { try H.run1("Gather", inputs: [H.iota([3]), H.ints([-4])]) }
        #expect(negative?.contains("index -4") == true)
    }

    @Test("Gather rejects float indices")
    func gatherFloatIndices() {
        let message = H.failure { try H.run1("Gather", inputs: [H.iota([3]), H.iota([1])]) }
        #expect(message?.contains("Gather: indices must be int32 or int64") == true)
    }

    @Test("Expand broadcasts a column to a matrix")
    func expandColumn() throws {
        let x = Tensor(shape: [3, 1], elements: [Float(1), 2, 3])
        let y = try H.run1("Expand", inputs: [x, H.ints([2, 1, 4])])
        #expect(y.shape == [2, 3, 4])
        #expect(Array(y.floats!.prefix(12)) == [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3])
        #expect(Array(y.floats!.suffix(12)) == Array(y.floats!.prefix(12)))
    }

    @Test("Expand is bidirectional: a 1 in the shape keeps the input dimension")
    func expandBidirectional() throws {
        let y = try H.run1("Expand", inputs: [H.iota([1, 3]), H.ints([2, 1])])
        #expect(y.shape == [2, 3])
        #expect(y.floats == [0, 1, 2, 0, 1, 2])
    }

    @Test("Expand of a scalar bool fills the shape")
    func expandScalar() throws {
        let y = try H.run1("Expand", inputs: [Tensor(scalar: true), H.ints([2, 2])])
        #expect(y.bools == [true, true, true, true])
    }

    @Test("Expand rejects incompatible shapes")
    func expandIncompatible() {
        let message = H.failure { try H.run1("Expand", inputs: [H.iota([3]), H.ints([2])]) }
        #expect(message?.contains("Expand") == true)
    }
}
