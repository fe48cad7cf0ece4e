import AugurRuntime
import Foundation
import Testing

@Suite("ai.onnx Softmax, LogSoftmax, ArgMax and Reduce*")
struct StandardOpsMathReductionTests {
    typealias H = MathOpHarness

    static func softmax(_ row: [Double]) -> [Double] {
        let m = row.max()!
        let e = row.map { Foundation.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    @Test("Softmax normalises the last axis by default from opset 13")
    func softmaxLastAxis() throws {
        let y = try H.run1("Softmax", inputs: [H.f([2, 3], [1, 2, 3, 0, 0, 0])])
        let expected = (Self.softmax([1, 2, 3]) + Self.softmax([0, 0, 0])).map(Float.init)
        #expect(H.close(y.floats, expected))
    }

    @Test("Softmax along axis 0 normalises columns")
    func softmaxAxis0() throws {
        let y = try H.run1("Softmax", attributes: ["axis": .int(0)], inputs: [H.f([2, 2], [1, 5, 3, 5])])
        let c0 = Self.softmax([1, 3])
        #expect(H.close(y.floats, [c0[0], 0.5, c0[1], 0.5].map(Float.init)))
    }

    @Test("opset 11 Softmax flattens everything from axis 1 into one row")
    func softmaxCoerced2D() throws {
        let x = H.f([1, 2, 2], [1, 2, 3, 4])
        let y = try H.run1("Softmax", opset: 11, inputs: [x])
        #expect(H.close(y.floats, Self.softmax([1, 2, 3, 4]).map(Float.init)))
        let v13 = try H.run1("Softmax", opset: 13, inputs: [x])
        #expect(H.close(v13.floats, (Self.softmax([1, 2]) + Self.softmax([3, 4])).map(Float.init)))
    }

    @Test("Softmax stays finite for very large inputs")
    func softmaxLargeNumbers() throws {
        let y = try H.run1("Softmax", inputs: [H.f([1, 4], [10000, 10001, 10002, 10003])])
        #expect(H.close(y.floats, Self.softmax([0, 1, 2, 3]).map(Float.init)))
    }

    @Test("LogSoftmax equals the log of Softmax")
    func logSoftmax() throws {
        let y = try H.run1("LogSoftmax", inputs: [H.f([3], [-1, 0, 1])])
        #expect(H.close(y.floats, Self.softmax([-1, 0, 1]).map { Float(Foundation.log($0)) }))
        let d = try H.run1("LogSoftmax", inputs: [Tensor(shape: [2], elements: [0.0, 0.0])])
        #expect(H.close(d.doubles, [-Foundation.log(2.0), -Foundation.log(2.0)]))
    }

    @Test("ArgMax returns first or last maximum, with and without keepdims")
    func argMax() throws {
        let x = H.f([2, 3], [1, 5, 5, 7, 2, 7])
        let first = try H.run1("ArgMax", attributes: ["axis": .int(1)], inputs: [x])
        #expect(first.shape == [2, 1])
        #expect(first.int64s == [1, 0])
        let last = try H.run1("ArgMax", attributes: ["axis": .int(-1), "select_last_index": .int(1), "keepdims": .int(0)], inputs: [x])
        #expect(last.shape == [2])
        #expect(last.int64s == [2, 2])
        let axis0 = try H.run1("ArgMax", inputs: [x])
        #expect(axis0.shape == [1, 3])
        #expect(axis0.int64s == [1, 0, 1])
    }

    @Test("ArgMax works on integer tensors")
    func argMaxIntegers() throws {
        let y = try H.run1("ArgMax", attributes: ["keepdims": .int(0)], inputs: [Tensor(shape: [3], elements: [Int32(-1), 9, 3])])
        #expect(y.int64s == [1])
    }

    @Test("ReduceSum takes axes as an input from opset 13, keepdims by default")
    func reduceSumAxesInput() throws {
        let x = H.iota([2, 3, 2])
        let y = try H.run1("ReduceSum", inputs: [x, Tensor(shape: [1], elements: [Int64(1)])])
        #expect(y.shape == [2, 1, 2])
        #expect(y.floats == [6, 9, 24, 27])
        let outer = try H.run1("ReduceSum", attributes: ["keepdims": .int(0)], inputs: [x, Tensor(shape: [2], elements: [Int64(0), -1])])
        #expect(outer.shape == [3])
        #expect(outer.floats == [14, 22, 30])
    }

    @Test("ReduceSum over no axes reduces everything, or is the identity with noop_with_empty_axes")
    func reduceSumEmptyAxes() throws {
        let x = H.iota([2, 2])
        let all = try H.run1("ReduceSum", inputs: [x, Tensor(shape: [0], elements: [Int64]())])
        #expect(all.shape == [1, 1])
        #expect(all.floats == [6])
        let noop = try H.run1("ReduceSum", attributes: ["noop_with_empty_axes": .int(1)], inputs: [x, nil])
        #expect(noop == x)
    }

    @Test("opset 11 ReduceSum and opset 13 ReduceMean read axes from the attribute")
    func reduceAxesAttribute() throws {
        let x = H.iota([2, 3])
        let sum = try H.run1("ReduceSum", opset: 11, attributes: ["axes": .ints([1]), "keepdims": .int(0)], inputs: [x])
        #expect(sum.floats == [3, 12])
        let mean = try H.run1("ReduceMean", opset: 13, attributes: ["axes": .ints([0])], inputs: [x])
        #expect(mean.shape == [1, 3])
        #expect(mean.floats == [1.5, 2.5, 3.5])
    }

    @Test("ReduceMean and ReduceMax reduce the middle axis")
    func reduceMeanMax() throws {
        let x = H.f([2, 2, 2], [1, 8, 3, 4, 5, 6, -7, 0])
        let axes = Tensor(shape: [1], elements: [Int64(1)])
        #expect(try H.run1("ReduceMean", inputs: [x, axes]).floats == [2, 6, -1, 3])
        #expect(try H.run1("ReduceMax", inputs: [x, axes]).floats == [3, 8, 5, 6])
    }

    @Test("ReduceMax over an empty set gives -inf and ReduceSum gives 0")
    func reduceEmptySet() throws {
        let x = Tensor(shape: [2, 0, 3], elements: [Float]())
        let axes = Tensor(shape: [1], elements: [Int64(1)])
        let mx = try H.run1("ReduceMax", inputs: [x, axes])
        #expect(mx.shape == [2, 1, 3])
        #expect(mx.floats == Array(repeating: -.infinity, count: 6))
        #expect(try H.run1("ReduceSum", inputs: [x, axes]).floats == Array(repeating: 0, count: 6))
    }

    @Test("ReduceMax accepts bool and integer tensors")
    func reduceMaxTypes() throws {
        let b = Tensor(shape: [2, 2], elements: [true, false, false, false])
        #expect(try H.run1("ReduceMax", inputs: [b, Tensor(shape: [1], elements: [Int64(1)])]).bools == [true, false])
        let i = Tensor(shape: [3], elements: [Int64(-5), 7, 2])
        #expect(try H.run1("ReduceMax", attributes: ["keepdims": .int(0)], inputs: [i]).int64s == [7])
    }

    @Test("a repeated or out-of-range axis is rejected")
    func reduceBadAxes() throws {
        #expect(H.failure { try H.run1("ReduceSum", inputs: [H.iota([2]), Tensor(shape: [1], elements: [Int64(3)])]) } != nil)
        #expect(H.failure { try H.run1("ReduceSum", inputs: [H.iota([2, 2]), Tensor(shape: [2], elements: [Int64(0), -2])]) } != nil)
    }
}
