import AugurRuntime
import Foundation
import Testing

@Suite("ai.onnx elementwise arithmetic and activations")
struct StandardOpsMathElementwiseTests {
    typealias H = MathOpHarness

    @Test("Add, Sub, Mul and Div of equal shapes compute elementwise")
    func arithmeticEqualShapes() throws {
        let a = H.f([2, 2], [1, 2, 3, 4])
        let b = H.f([2, 2], [4, 3, 2, 1])
        #expect(try H.run1("Add", inputs: [a, b]).floats == [5, 5, 5, 5])
        #expect(try H.run1("Sub", inputs: [a, b]).floats == [-3, -1, 1, 3])
        #expect(try H.run1("Mul", inputs: [a, b]).floats == [4, 6, 6, 4])
        #expect(try H.run1("Div", inputs: [a, b]).floats == [0.25, 2.0 / 3.0, 1.5, 4])
    }

    @Test("Add broadcasts a row vector, a column vector and a scalar")
    func addBroadcasts() throws {
        let a = H.iota([2, 3])
        let row = try H.run1("Add", inputs: [a, H.f([3], [10, 20, 30])])
        #expect(row.shape == [2, 3])
        #expect(row.floats == [10, 21, 32, 13, 24, 35])
        let column = try H.run1("Add", inputs: [a, H.f([2, 1], [100, 200])])
        #expect(column.floats == [100, 101, 102, 203, 204, 205])
        let scalar = try H.run1("Sub", inputs: [Tensor(scalar: Float(1)), a])
        #expect(scalar.floats == [1, 0, -1, -2, -3, -4])
    }

    @Test("Mul broadcasts both operands into a larger shape")
    func mulBroadcastsBothWays() throws {
        let y = try H.run1("Mul", inputs: [H.f([3, 1], [1, 2, 3]), H.f([1, 2], [10, 100])])
        #expect(y.shape == [3, 2])
        #expect(y.floats == [10, 100, 20, 200, 30, 300])
    }

    @Test("incompatible shapes are rejected with both shapes named")
    func incompatibleShapes() throws {
        let message = H.failure { try H.run1("Add", inputs: [H.iota([2, 3]), H.iota([4])]) }
        #expect(message?.contains("[2, 3]") == true)
        #expect(message?.contains("[4]") == true)
    }

    @Test("integer Div truncates toward zero and integer Add wraps")
    func integerSemantics() throws {
        let a = Tensor(shape: [4], elements: [Int32(7), -7, 7, -7])
        let b = Tensor(shape: [4], elements: [Int32(2), 2, -2, -2])
        #expect(try H.run1("Div", inputs: [a, b]).int32s == [3, -3, -3, 3])
        let u = Tensor(shape: [2], elements: [UInt8(250), 3])
        let v = Tensor(shape: [2], elements: [UInt8(10), 5])
        #expect(try H.run1("Add", inputs: [u, v]).storage == .uint8([4, 8]))
        #expect(try H.run1("Sub", inputs: [u, v]).storage == .uint8([240, 254]))
        let big = Tensor(shape: [1], elements: [Int64(6)])
        #expect(try H.run1("Mul", inputs: [big, Tensor(shape: [1], elements: [Int64(-7)])]).int64s == [-42])
    }

    @Test("integer Div by zero yields 0 instead of trapping")
    func integerDivisionByZero() throws {
        let y = try H.run1("Div", inputs: [Tensor(shape: [1], elements: [Int64(5)]), Tensor(shape: [1], elements: [Int64(0)])])
        #expect(y.int64s == [0])
    }

    @Test("opset 6 Add with broadcast=1 and axis aligns B inside A")
    func legacyBroadcastAxis() throws {
        let a = H.iota([2, 3, 2])
        let b = H.f([3], [0, 10, 20])
        let y = try H.run1("Add", opset: 6, attributes: ["broadcast": .int(1), "axis": .int(1)], inputs: [a, b])
        #expect(y.floats == [0, 1, 12, 13, 24, 25, 6, 7, 18, 19, 30, 31])
    }

    @Test("mixed element types are rejected")
    func mixedTypes() throws {
        let message = H.failure { try H.run1("Add", inputs: [H.iota([2]), Tensor(shape: [2], elements: [1.0, 2.0])]) }
        #expect(message?.contains("float") == true)
    }

    @Test("Pow handles float, integer and mixed base/exponent types, keeping the base type")
    func powTypes() throws {
        #expect(try H.run1("Pow", inputs: [H.f([3], [1, 2, 3]), H.f([3], [4, 5, 6])]).floats == [1, 32, 729])
        #expect(try H.run1("Pow", inputs: [H.f([2, 2], [1, 2, 3, 4]), Tensor(scalar: Float(2))]).floats == [1, 4, 9, 16])
        let ints = try H.run1("Pow", inputs: [Tensor(shape: [3], elements: [Int64(2), 3, -2]), Tensor(shape: [3], elements: [Int64(10), 3, 3])])
        #expect(ints.int64s == [1024, 27, -8])
        let intFloat = try H.run1("Pow", inputs: [Tensor(shape: [2], elements: [Int32(4), 9]), H.f([2], [0.5, 0.5])])
        #expect(intFloat.int32s == [2, 3])
        let floatInt = try H.run1("Pow", inputs: [H.f([2], [1.5, 2]), Tensor(shape: [2], elements: [Int32(2), -1])])
        #expect(floatInt.floats == [2.25, 0.5])
    }

    @Test("unary math functions match libm on floats and doubles")
    func unaryFunctions() throws {
        let x = H.f([4], [0.25, 1, 2, 4])
        #expect(try H.run1("Sqrt", inputs: [x]).floats == [0.5, 1, Float(2).squareRoot(), 2])
        #expect(H.close(try H.run1("Exp", inputs: [x]).floats, [0.25, 1, 2, 4].map { Float(Foundation.exp(Double($0))) }))
        #expect(H.close(try H.run1("Log", inputs: [x]).floats, [0.25, 1, 2, 4].map { Float(Foundation.log(Double($0))) }))
        #expect(try H.run1("Reciprocal", inputs: [x]).floats == [4, 1, 0.5, 0.25])
        #expect(try H.run1("Neg", inputs: [x]).floats == [-0.25, -1, -2, -4])
        let d = Tensor(shape: [2], elements: [-1.5, 0.5])
        #expect(try H.run1("Abs", inputs: [d]).doubles == [1.5, 0.5])
        #expect(H.close(try H.run1("Erf", inputs: [d]).doubles, [Foundation.erf(-1.5), Foundation.erf(0.5)]))
        #expect(H.close(try H.run1("Tanh", inputs: [d]).doubles, [Foundation.tanh(-1.5), Foundation.tanh(0.5)]))
    }

    @Test("Relu, LeakyRelu and Sigmoid follow their definitions")
    func activations() throws {
        let x = H.f([4], [-2, -0.5, 0, 3])
        #expect(try H.run1("Relu", inputs: [x]).floats == [0, 0, 0, 3])
        #expect(try H.run1("LeakyRelu", inputs: [x]).floats == [-0.02, -0.005, 0, 3])
        #expect(try H.run1("LeakyRelu", attributes: ["alpha": .float(0.5)], inputs: [x]).floats == [-1, -0.25, 0, 3])
        #expect(H.close(try H.run1("Sigmoid", inputs: [x]).floats, [-2, -0.5, 0, 3].map { Float(1 / (1 + Foundation.exp(-Double($0)))) }))
    }

    @Test("Abs, Neg and Relu accept integer tensors")
    func integerUnary() throws {
        let x = Tensor(shape: [3], elements: [Int32(-3), 0, 5])
        #expect(try H.run1("Abs", inputs: [x]).int32s == [3, 0, 5])
        #expect(try H.run1("Neg", inputs: [x]).int32s == [3, 0, -5])
        #expect(try H.run1("Relu", inputs: [x]).int32s == [0, 0, 5])
        #expect(H.failure { try H.run1("Exp", inputs: [x]) } != nil)
    }

    @Test("vectorised Exp, Sigmoid and Tanh stay within 1e-6 relative of libm over a wide range")
    func vectorisedAccuracy() throws {
        let values = stride(from: Float(-100), through: 100, by: 0.0371).map { $0 } + [0, 1e-7, -1e-7, 0.05, -0.05, .infinity, -.infinity]
        let x = H.f([values.count], values)
        let exp = try #require(try H.run1("Exp", inputs: [x]).floats)
        let sigmoid = try #require(try H.run1("Sigmoid", inputs: [x]).floats)
        let tanh = try #require(try H.run1("Tanh", inputs: [x]).floats)
        for (i, v) in values.enumerated() {
            let e = Foundation.exp(Double(v))
            if v > -87 && v < 88 {
                #expect(abs(Double(exp[i]) - e) <= 2e-6 * e + 1e-37, "exp(\(v)) = \(exp[i]), expected \(e)")
            } else {
                #expect(Float(e) == exp[i] || abs(Double(exp[i]) - e) < 1e-37, "exp(\(v)) = \(exp[i]), expected \(e)")
            }
            let s = 1 / (1 + Foundation.exp(-Double(v)))
            #expect(abs(Double(sigmoid[i]) - s) <= 2e-6 * s + 1e-37, "sigmoid(\(v)) = \(sigmoid[i]), expected \(s)")
            let t = Foundation.tanh(Double(v))
            #expect(abs(Double(tanh[i]) - t) <= 2e-6 * abs(t) + 1e-30, "tanh(\(v)) = \(tanh[i]), expected \(t)")
        }
    }

    @Test("Exp propagates NaN")
    func expNaN() throws {
        let y = try H.run1("Exp", inputs: [H.f([9], [0, 1, 2, .nan, 4, 5, 6, 7, 8])])
        #expect(y.floats?[3].isNaN == true)
        #expect(H.close(y.floats.map { Array($0[0...2]) }, [1, Float(M_E), Float(Foundation.exp(2.0))]))
    }

    @Test("Gelu computes the exact erf form and the tanh approximation")
    func gelu() throws {
        let x = H.f([3], [-1, 0, 1])
        let exact = [-1.0, 0, 1].map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }.map(Float.init)
        #expect(H.close(try H.run1("Gelu", inputs: [x]).floats, exact))
        let approx = [-1.0, 0, 1].map { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }
        #expect(H.close(try H.run1("Gelu", attributes: ["approximate": .string("tanh")], inputs: [x]).floats, approx.map(Float.init)))
        #expect(H.failure { try H.run1("Gelu", attributes: ["approximate": .string("fast")], inputs: [x]) } != nil)
    }

    @Test("Clip takes bounds as inputs from opset 11 and as attributes before")
    func clipBounds() throws {
        let x = H.f([5], [-3, -1, 0, 1, 3])
        #expect(try H.run1("Clip", inputs: [x, Tensor(scalar: Float(-1)), Tensor(scalar: Float(2))]).floats == [-1, -1, 0, 1, 2])
        #expect(try H.run1("Clip", inputs: [x, nil, Tensor(scalar: Float(0))]).floats == [-3, -1, 0, 0, 0])
        #expect(try H.run1("Clip", inputs: [x]).floats == [-3, -1, 0, 1, 3])
        #expect(try H.run1("Clip", opset: 6, attributes: ["min": .float(-2), "max": .float(0.5)], inputs: [x]).floats == [-2, -1, 0, 0.5, 0.5])
    }

    @Test("Clip on int8 uses the type's limits for a missing bound")
    func clipIntegers() throws {
        let x = Tensor(shape: [3], elements: [Int8(-128), 5, 127])
        #expect(try H.run1("Clip", inputs: [x, Tensor(scalar: Int8(0))]).storage == .int8([0, 5, 127]))
        #expect(try H.run1("Clip", inputs: [x, nil, Tensor(scalar: Int8(4))]).storage == .int8([-128, 4, 4]))
    }
}
