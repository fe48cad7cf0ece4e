import AugurRuntime
import Testing

@Suite("Standard tensor ops: Reshape, Flatten, Squeeze, Unsqueeze, ConstantOfShape")
struct StandardOpsTensorShapeTests {
    typealias H = TensorOpHarness

    @Test("Reshape infers -1 and keeps the elements in order")
    func reshapeInfersMinusOne() throws {
        let y = try H.run1("Reshape", inputs: [H.iota([2, 3, 4]), H.ints([4, -1])])
        #expect(y.shape == [4, 6])
        #expect(y.floats == (0..<24).map(Float.init))
    }

    @Test("Reshape copies the input dimension for 0 by default")
    func reshapeZeroCopies() throws {
        let y = try H.run1("Reshape", inputs: [H.iota([2, 3, 4]), H.ints([0, 0, -1, 2])])
        #expect(y.shape == [2, 3, 2, 2])
    }

    @Test("Reshape with allowzero keeps 0 as an empty dimension")
    func reshapeAllowZero() throws {
        let x = Tensor(shape: [0, 3, 4], elements: [Float]())
        let y = try H.run1("Reshape", attributes: ["allowzero": .int(1)], inputs: [x, H.ints([3, 4, 0])])
        #expect(y.shape == [3, 4, 0])
    }

    @Test("Reshape ignores allowzero before opset 14")
    func reshapeAllowZeroIgnoredBefore14() throws {
        let y = try H.run1("Reshape", opset: 13, attributes: ["allowzero": .int(1)], inputs: [H.iota([2, 3]), H.ints([0, 3])])
        #expect(y.shape == [2, 3])
    }

    @Test("Reshape to an empty shape gives a scalar")
    func reshapeToScalar() throws {
        let y = try H.run1("Reshape", inputs: [Tensor(shape: [1, 1], elements: [Float(7)]), H.ints([])])
        #expect(y.shape == [])
        #expect(y.floats == [7])
    }

    @Test("Reshape reads the shape attribute before opset 5")
    func reshapeAttributeShape() throws {
        let y = try H.run1("Reshape", opset: 1, attributes: ["shape": .ints([3, 2])], inputs: [H.iota([2, 3])])
        #expect(y.shape == [3, 2])
    }

    @Test("Reshape rejects a shape with the wrong element count, naming both shapes")
    func reshapeCountMismatch() {
        let message = H.failure { try H.run1("Reshape", inputs: [H.iota([2, 3]), H.ints([4, 2])]) }
        #expect(message?.contains("Reshape") == true)
        #expect(message?.contains("[2, 3]") == true)
    }

    @Test("Reshape rejects two -1 entries")
    func reshapeTwoMinusOnes() {
        let message = H.failure { try H.run1("Reshape", inputs: [H.iota([2, 3]), H.ints([-1, -1])]) }
        #expect(message?.contains("more than one -1") == true)
    }

    @Test("Reshape with allowzero rejects 0 together with -1")
    func reshapeAllowZeroWithMinusOne() {
        let x = Tensor(shape: [0, 2], elements: [Float]())
        let message = H.failure {
            try H.run1("Reshape", attributes: ["allowzero": .int(1)], inputs: [x, H.ints([0, -1])])
        }
        #expect(message?.contains("allowzero") == true)
    }

    @Test("Flatten splits the shape at the axis, negative axes from the back")
    func flattenAxes() throws {
        let x = H.iota([2, 3, 4, 5])
        #expect(try H.run1("Flatten", inputs: [x]).shape == [2, 60])
        #expect(try H.run1("Flatten", attributes: ["axis": .int(0)], inputs: [x]).shape == [1, 120])
        #expect(try H.run1("Flatten", attributes: ["axis": .int(4)], inputs: [x]).shape == [120, 1])
        #expect(try H.run1("Flatten", attributes: ["axis": .int(-2)], inputs: [x]).shape == [6, 20])
    }

    @Test("Flatten rejects an axis beyond the rank")
    func flattenBadAxis() {
        let message = H.failure { try H.run1("Flatten", attributes: ["axis": .int(5)], inputs: [H.iota([2, 3])]) }
        #expect(message?.contains("Flatten") == true)
    }

    @Test("Squeeze removes the listed axes, negative ones included")
    func squeezeListed() throws {
        let x = H.iota([1, 3, 1, 5])
        #expect(try H.run1("Squeeze", inputs: [x, H.ints([-2])]).shape == [1, 3, 5])
        #expect(try H.run1("Squeeze", inputs: [x, H.ints([0, 2])]).shape == [3, 5])
    }

    @Test("Squeeze without axes removes every size-1 axis")
    func squeezeAll() throws {
        let y = try H.run1("Squeeze", inputs: [H.iota([1, 3, 1, 1]), nil])
        #expect(y.shape == [3])
        #expect(try H.run1("Squeeze", inputs: [H.iota([1, 1]), nil]).shape == [])
    }

    @Test("Squeeze reads axes from the attribute before opset 13")
    func squeezeAttribute() throws {
        let y = try H.run1("Squeeze", opset: 11, attributes: ["axes": .ints([0])], inputs: [H.iota([1, 3, 1])])
        #expect(y.shape == [3, 1])
    }

    @Test("Squeeze rejects an axis whose size is not 1")
    func squeezeNonUnitAxis() {
        let message = H.failure { try H.run1("Squeeze", inputs: [H.iota([1, 3]), H.ints([1])]) }
        #expect(message?.contains("Squeeze: axis 1") == true)
    }

    @Test("Unsqueeze inserts axes at output positions, unsorted and negative alike")
    func unsqueezeAxes() throws {
        let x = H.iota([3, 4, 5])
        #expect(try H.run1("Unsqueeze", inputs: [x, H.ints([5, 4, 2])]).shape == [3, 4, 1, 5, 1, 1])
        #expect(try H.run1("Unsqueeze", inputs: [x, H.ints([-2])]).shape == [3, 4, 1, 5])
    }

    @Test("Unsqueeze turns a scalar into a 1-element vector")
    func unsqueezeScalar() throws {
        let y = try H.run1("Unsqueeze", inputs: [Tensor(scalar: Int64(4)), H.ints([0])])
        #expect(y.shape == [1])
        #expect(y.int64s == [4])
    }

    @Test("Unsqueeze reads axes from the attribute before opset 13")
    func unsqueezeAttribute() throws {
        let y = try H.run1("Unsqueeze", opset: 11, attributes: ["axes": .ints([0, -1])], inputs: [H.iota([2])])
        #expect(y.shape == [1, 2, 1])
    }

    @Test("Unsqueeze rejects repeated axes")
    func unsqueezeRepeated() {
        let message = H.failure { try H.run1("Unsqueeze", inputs: [H.iota([2]), H.ints([0, -3])]) }
        #expect(message?.contains("Unsqueeze") == true)
    }

    @Test("ConstantOfShape fills with the value attribute's type and value")
    func constantOfShapeValue() throws {
        let value = Tensor(shape: [1], elements: [Int32(7)])
        let y = try H.run1("ConstantOfShape", attributes: ["value": .tensor(value)], inputs: [H.ints([2, 3])])
        #expect(y.shape == [2, 3])
        #expect(y.int32s == Array(repeating: 7, count: 6))
    }

    @Test("ConstantOfShape defaults to float zeros")
    func constantOfShapeDefault() throws {
        let y = try H.run1("ConstantOfShape", inputs: [H.ints([3])])
        #expect(y.floats == [0, 0, 0])
    }

    @Test("ConstantOfShape gives a scalar for an empty shape and nothing for a zero dimension")
    func constantOfShapeEdges() throws {
        let scalar = try H.run1("ConstantOfShape", inputs: [H.ints([])])
        #expect(scalar.shape == [])
        #expect(scalar.count == 1)
        let empty = try H.run1("ConstantOfShape", inputs: [H.ints([0, 4])])
        #expect(empty.shape == [0, 4])
        #expect(empty.count == 0)
    }

    @Test("ConstantOfShape fills strings too")
    func constantOfShapeString() throws {
        let value = Tensor(shape: [1], elements: ["a"])
        let y = try H.run1("ConstantOfShape", attributes: ["value": .tensor(value)], inputs: [H.ints([2])])
        #expect(y.strings == ["a", "a"])
    }

    @Test("ConstantOfShape rejects a multi-element value at load")
    func constantOfShapeBadValue() {
        let value = Tensor(shape: [2], elements: [Float(1), 2])
        let message = H.failure { try H.make("ConstantOfShape", attributes: ["value": .tensor(value)], inputCount: 1) }
        #expect(message?.contains("value") == true)
    }
}
