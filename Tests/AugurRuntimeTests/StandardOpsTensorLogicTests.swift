import AugurRuntime
import Testing

@Suite("Standard tensor ops: Where, Equal, Greater, Less, Not")
struct StandardOpsTensorLogicTests {
    typealias H = TensorOpHarness

    @Test("Where picks from X or Y with broadcasting")
    func whereBroadcast() throws {
        let condition = Tensor(shape: [2, 1], elements: [true, false])
        let x = Tensor(shape: [2], elements: [Int64(1), 2])
        let y = Tensor(scalar: Int64(9))
        let out = try H.run1("Where", inputs: [condition, x, y])
        #expect(out.shape == [2, 2])
        #expect(out.int64s == [1, 2, 9, 9])
    }

    @Test("Where with a scalar condition takes X or Y whole, broadcast to the output")
    func whereScalarCondition() throws {
        let x = Tensor(shape: [3], elements: [Float(1), 2, 3])
        let y = Tensor(scalar: Float(0))
        #expect(try H.run1("Where", inputs: [Tensor(scalar: true), x, y]).floats == [1, 2, 3])
        #expect(try H.run1("Where", inputs: [Tensor(scalar: false), x, y]).floats == [0, 0, 0])
    }

    @Test("Where with a full condition and scalar X or Y")
    func whereScalarBranches() throws {
        let condition = Tensor(shape: [2, 2], elements: [true, false, false, true])
        let full = Tensor(shape: [2, 2], elements: [Int32(1), 2, 3, 4])
        #expect(try H.run1("Where", inputs: [condition, Tensor(scalar: Int32(9)), full]).int32s == [9, 2, 3, 9])
        #expect(try H.run1("Where", inputs: [condition, full, Tensor(scalar: Int32(9))]).int32s == [1, 9, 9, 4])
        let both = try H.run1("Where", inputs: [condition, Tensor(scalar: Int32(1)), Tensor(scalar: Int32(0))])
        #expect(both.int32s == [1, 0, 0, 1])
    }

    @Test("Where of three scalars is a scalar")
    func whereScalars() throws {
        let y = try H.run1("Where", inputs: [Tensor(scalar: false), Tensor(scalar: Int8(1)), Tensor(scalar: Int8(2))])
        #expect(y.shape == [])
        #expect(try y.elements(Int8.self) == [2])
    }

    @Test("Where works on strings")
    func whereStrings() throws {
        let condition = Tensor(shape: [2], elements: [false, true])
        let out = try H.run1("Where", inputs: [condition, Tensor(shape: [2], elements: ["a", "b"]), Tensor(scalar: "-")])
        #expect(out.strings == ["-", "b"])
    }

    @Test("Where rejects a non-bool condition and mixed X/Y types")
    func whereTypeErrors() {
        let notBool = H.failure { try H.run1("Where", inputs: [H.iota([1]), H.iota([1]), H.iota([1])]) }
        #expect(notBool?.contains("Where: condition must be bool") == true)
        let mixed = H.failure { try H.run1("Where", inputs: [Tensor(scalar: true), H.iota([1]), H.ints([1])]) }
        #expect(mixed?.contains("Where") == true)
    }

    @Test("Equal compares integers with broadcasting")
    func equalIntegers() throws {
        let a = Tensor(shape: [2, 2], elements: [Int32(1), 2, 3, 4])
        let b = Tensor(shape: [2], elements: [Int32(1), 4])
        #expect(try H.run1("Equal", inputs: [a, b]).bools == [true, false, false, true])
    }

    @Test("Equal compares strings and bools")
    func equalStringsAndBools() throws {
        let s = try H.run1("Equal", inputs: [Tensor(shape: [2], elements: ["a", "b"]), Tensor(scalar: "b")])
        #expect(s.bools == [false, true])
        let b = try H.run1("Equal", inputs: [Tensor(shape: [2], elements: [true, false]), Tensor(scalar: false)])
        #expect(b.bools == [false, true])
    }

    @Test("Equal treats NaN as unequal to itself")
    func equalNaN() throws {
        let x = Tensor(shape: [2], elements: [Float.nan, 1])
        #expect(try H.run1("Equal", inputs: [x, x]).bools == [false, true])
    }

    @Test("Greater and Less compare floats and unsigned integers")
    func greaterLess() throws {
        let a = Tensor(shape: [3], elements: [Float(1), 2, 3])
        let b = Tensor(scalar: Float(2))
        #expect(try H.run1("Greater", inputs: [a, b]).bools == [false, false, true])
        #expect(try H.run1("Less", inputs: [a, b]).bools == [true, false, false])
        let u = Tensor(shape: [2], elements: [UInt64.max, 0])
        #expect(try H.run1("Greater", inputs: [u, Tensor(scalar: UInt64(1))]).bools == [true, false])
    }

    @Test("Less with a scalar on the left and with equal shapes")
    func lessScalarLeftAndSameShape() throws {
        let b = Tensor(shape: [3], elements: [Int16(-1), 0, 1])
        #expect(try H.run1("Less", inputs: [Tensor(scalar: Int16(0)), b]).bools == [false, false, true])
        let a = Tensor(shape: [3], elements: [Int16(-2), 0, 2])
        #expect(try H.run1("Less", inputs: [a, b]).bools == [true, false, false])
    }

    @Test("Less compares float16 by value")
    func lessFloat16() throws {
        let a = Tensor(shape: [2], elements: [Float16Bits(-1), Float16Bits(0.5)])
        let b = Tensor(scalar: Float16Bits(0))
        #expect(try H.run1("Less", inputs: [a, b]).bools == [true, false])
    }

    @Test("Greater rejects strings and mixed types")
    func greaterTypeErrors() {
        let strings = H.failure {
            try H.run1("Greater", inputs: [Tensor(scalar: "a"), Tensor(scalar: "b")])
        }
        #expect(strings?.contains("Greater") == true)
        let mixed = H.failure { try H.run1("Greater", inputs: [H.iota([1]), H.ints([1])]) }
        #expect(mixed?.contains("Greater: A is float but B is int64") == true)
    }

    @Test("Comparison rejects shapes that do not broadcast")
    func comparisonShapeError() {
        let message = H.failure { try H.run1("Less", inputs: [H.iota([2]), H.iota([3])]) }
        #expect(message?.contains("Less: shapes [2] and [3]") == true)
    }

    @Test("Opset-1 comparison aligns B at the axis when broadcast is set")
    func legacyBroadcast() throws {
        let a = Tensor(shape: [2, 3], elements: [Int64(1), 1, 1, 2, 2, 2])
        let b = Tensor(shape: [2], elements: [Int64(1), 2])
        let y = try H.run1("Equal", opset: 1, attributes: ["broadcast": .int(1), "axis": .int(0)], inputs: [a, b])
        #expect(y.bools == Array(repeating: true, count: 6))
        let message = H.failure { try H.run1("Equal", opset: 1, inputs: [a, b]) }
        #expect(message?.contains("broadcast = 1") == true)
    }

    @Test("Not negates bools and rejects other types")
    func notBools() throws {
        let x = Tensor(shape: [2, 2], elements: [true, false, false, true])
        #expect(try H.run1("Not", inputs: [x]).bools == [false, true, true, false])
        let message = H.failure { try H.run1("Not", inputs: [H.iota([1])]) }
        #expect(message?.contains("Not") == true)
    }
}
