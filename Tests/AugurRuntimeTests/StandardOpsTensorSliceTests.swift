import AugurRuntime
import Testing

@Suite("Standard tensor ops: Slice")
struct StandardOpsTensorSliceTests {
    typealias H = TensorOpHarness

    static func slice(
        _ x: Tensor,
        starts: [Int64],
        ends: [Int64],
        axes: [Int64]? = nil,
        steps: [Int64]? = nil
    ) throws -> Tensor {
        try H.run1("Slice", inputs: [x, H.ints(starts), H.ints(ends), axes.map(H.ints), steps.map(H.ints)])
    }

    @Test("Slice takes a sub-block with default axes and steps")
    func subBlock() throws {
        let y = try Self.slice(H.iota([3, 4]), starts: [1, 1], ends: [3, 3])
        #expect(y.shape == [2, 2])
        #expect(y.floats == [5, 6, 9, 10])
    }

    @Test("Slice with steps and negative axes")
    func stepsAndNegativeAxes() throws {
        let y = try Self.slice(H.iota([3, 6]), starts: [0], ends: [6], axes: [-1], steps: [2])
        #expect(y.shape == [3, 3])
        #expect(y.floats == [0, 2, 4, 6, 8, 10, 12, 14, 16])
    }

    @Test("Slice with a negative step walks backwards")
    func negativeStep() throws {
        let y = try Self.slice(H.iota([5]), starts: [4], ends: [0], steps: [-2])
        #expect(y.floats == [4, 2])
    }

    @Test("Slice with INT_MIN end and a negative step reverses to the start")
    func reverseWithIntMin() throws {
        let y = try Self.slice(H.iota([4]), starts: [-1], ends: [Int64.min], steps: [-1])
        #expect(y.floats == [3, 2, 1, 0])
    }

    @Test("Slice clamps INT_MAX ends and out-of-bounds starts")
    func clamping() throws {
        #expect(try Self.slice(H.iota([5]), starts: [2], ends: [Int64.max]).floats == [2, 3, 4])
        #expect(try Self.slice(H.iota([5]), starts: [-100], ends: [2]).floats == [0, 1])
        #expect(try Self.slice(H.iota([5]), starts: [1000], ends: [1001]).shape == [0])
    }

    @Test("Slice with negative starts and ends counts from the end")
    func negativeBounds() throws {
        let y = try Self.slice(H.iota([2, 5]), starts: [-3], ends: [-1], axes: [1])
        #expect(y.floats == [2, 3, 7, 8])
    }

    @Test("Slice reads attributes before opset 10")
    func attributesBefore10() throws {
        let y = try H.run1(
            "Slice",
            opset: 9,
            attributes: ["starts": .ints([1]), "ends": .ints([3]), "axes": .ints([1])],
            inputs: [H.iota([2, 4])]
        )
        #expect(y.floats == [1, 2, 5, 6])
    }

    @Test("Slice moves strings too")
    func strings() throws {
        let x = Tensor(shape: [4], elements: ["a", "b", "c", "d"])
        #expect(try Self.slice(x, starts: [3], ends: [0], steps: [-1]).strings == ["d", "c", "b"])
    }

    @Test("Slice rejects a zero step")
    func zeroStep() {
        let message = H.failure { try Self.slice(H.iota([4]), starts: [0], ends: [4], steps: [0]) }
        #expect(message?.contains("Slice: steps must not be 0") == true)
    }

    @Test("Slice rejects a repeated axis")
    func repeatedAxis() {
        let message = H.failure { try Self.slice(H.iota([4, 4]), starts: [0, 0], ends: [1, 1], axes: [1, -1]) }
        #expect(message?.contains("Slice") == true)
    }

    @Test("Slice rejects starts and ends of different lengths")
    func lengthMismatch() {
        let message = H.failure { try Self.slice(H.iota([4, 4]), starts: [0, 0], ends: [1]) }
        #expect(message?.contains("same length") == true)
    }
}
