import AugurRuntime
import Testing

@Suite("ai.onnx Conv, MaxPool, AveragePool and GlobalAveragePool")
struct StandardOpsMathConvPoolTests {
    typealias H = MathOpHarness

    struct Conv2DCase: Sendable, CustomStringConvertible {
        var n = 1, c = 1, h = 5, w = 5, m = 1, kh = 3, kw = 3
        var group = 1, strides = [1, 1], dilations = [1, 1], pads = [0, 0, 0, 0]
        var bias = false
        var description: String { "N\(n) C\(c) \(h)x\(w) M\(m) k\(kh)x\(kw) g\(group) s\(strides) d\(dilations) p\(pads) bias \(bias)" }
    }

    /// Direct 2-D convolution by definition.
    static func naiveConv(_ t: Conv2DCase, x: [Float], w: [Float], b: [Float]?) -> (shape: [Int], values: [Float]) {
        let oh = (t.h + t.pads[0] + t.pads[2] - ((t.kh - 1) * t.dilations[0] + 1)) / t.strides[0] + 1
        let ow = (t.w + t.pads[1] + t.pads[3] - ((t.kw - 1) * t.dilations[1] + 1)) / t.strides[1] + 1
        let cg = t.c / t.group
        let mg = t.m / t.group
        var y = [Float](repeating: 0, count: t.n * t.m * oh * ow)
        for n in 0..<t.n {
            for m in 0..<t.m {
                let g = m / mg
                for i in 0..<oh {
                    for j in 0..<ow {
                        var s = Double(b?[m] ?? 0)
                        for c in 0..<cg {
                            for ki in 0..<t.kh {
                                for kj in 0..<t.kw {
                                    let r = i * t.strides[0] - t.pads[0] + ki * t.dilations[0]
                                    let q = j * t.strides[1] - t.pads[1] + kj * t.dilations[1]
                                    guard r >= 0, r < t.h, q >= 0, q < t.w else { continue }
                                    let xv = x[((n * t.c + g * cg + c) * t.h + r) * t.w + q]
                                    let wv = w[((m * cg + c) * t.kh + ki) * t.kw + kj]
                                    s += Double(xv) * Double(wv)
                                }
                            }
                        }
                        y[((n * t.m + m) * oh + i) * ow + j] = Float(s)
                    }
                }
            }
        }
        return ([t.n, t.m, oh, ow], y)
    }

    static let cases: [Conv2DCase] = [
        Conv2DCase(),
        Conv2DCase(pads: [1, 1, 1, 1], bias: true),
        Conv2DCase(n: 2, c: 3, h: 7, w: 6, m: 4, strides: [2, 2], pads: [1, 0, 1, 0]),
        Conv2DCase(c: 4, h: 6, w: 6, m: 6, group: 2, bias: true),
        Conv2DCase(c: 3, h: 9, w: 8, m: 2, dilations: [2, 2], pads: [2, 1, 0, 2]),
        Conv2DCase(n: 3, c: 8, h: 4, w: 4, m: 16, kh: 1, kw: 1, bias: true),
        Conv2DCase(c: 3, h: 5, w: 5, m: 3, kh: 3, kw: 1, group: 3, strides: [1, 2]),
        Conv2DCase(n: 2, c: 30, h: 5, w: 6, m: 7, pads: [1, 1, 1, 1], bias: true),
    ]

    @Test("2-D Conv matches a direct convolution", arguments: cases)
    func conv2D(_ t: Conv2DCase) throws {
        let x = H.random(t.n * t.c * t.h * t.w, seed: 31)
        let w = H.random(t.m * (t.c / t.group) * t.kh * t.kw, seed: 32)
        let b = t.bias ? H.random(t.m, seed: 33) : nil
        let expected = Self.naiveConv(t, x: x, w: w, b: b)
        let y = try H.run1(
            "Conv",
            attributes: [
                "group": .int(Int64(t.group)), "strides": .ints(t.strides.map(Int64.init)),
                "dilations": .ints(t.dilations.map(Int64.init)), "pads": .ints(t.pads.map(Int64.init)),
            ],
            inputs: [
                H.f([t.n, t.c, t.h, t.w], x), H.f([t.m, t.c / t.group, t.kh, t.kw], w), b.map { H.f([t.m], $0) },
            ])
        #expect(y.shape == expected.shape)
        #expect(H.close(y.floats, expected.values, tolerance: 1e-5))
    }

    @Test("1-D Conv with padding, stride and bias computes the hand-worked values")
    func conv1D() throws {
        // x = [1, 2, 3, 4, 5], w = [1, 0, -1], pads 1 both sides, stride 2, bias 10.
        let y = try H.run1(
            "Conv", attributes: ["pads": .ints([1, 1]), "strides": .ints([2])],
            inputs: [H.f([1, 1, 5], [1, 2, 3, 4, 5]), H.f([1, 1, 3], [1, 0, -1]), H.f([1], [10])])
        #expect(y.shape == [1, 1, 3])
        #expect(y.floats == [8, 8, 14])
    }

    @Test("Conv on doubles matches the direct convolution")
    func convDouble() throws {
        let t = Conv2DCase(c: 2, h: 4, w: 4, m: 3, pads: [1, 1, 1, 1], bias: true)
        let x = H.random(2 * 16, seed: 41)
        let w = H.random(3 * 2 * 9, seed: 42)
        let b = H.random(3, seed: 43)
        let expected = Self.naiveConv(t, x: x, w: w, b: b)
        let y = try H.run1(
            "Conv", attributes: ["pads": .ints([1, 1, 1, 1])],
            inputs: [
                Tensor(shape: [1, 2, 4, 4], elements: x.map(Double.init)), Tensor(shape: [3, 2, 3, 3], elements: w.map(Double.init)),
                Tensor(shape: [3], elements: b.map(Double.init)),
            ])
        #expect(y.shape == expected.shape)
        #expect(H.close(y.doubles, expected.values.map(Double.init), tolerance: 1e-6))
    }

    @Test("Conv auto_pad SAME_UPPER and SAME_LOWER keep ceil(in / stride) outputs, padding at the end or start")
    func convAutoPad() throws {
        let x = H.f([1, 1, 4], [1, 2, 3, 4])
        let w = H.f([1, 1, 2], [1, 1])
        let upper = try H.run1("Conv", attributes: ["auto_pad": .string("SAME_UPPER")], inputs: [x, w])
        #expect(upper.floats == [3, 5, 7, 4])
        let lower = try H.run1("Conv", attributes: ["auto_pad": .string("SAME_LOWER")], inputs: [x, w])
        #expect(lower.floats == [1, 3, 5, 7])
        let valid = try H.run1("Conv", attributes: ["auto_pad": .string("VALID"), "strides": .ints([2])], inputs: [x, w])
        #expect(valid.floats == [3, 7])
    }

    @Test("Conv rejects weights whose channels do not match the input's")
    func convChannelMismatch() throws {
        #expect(H.failure { try H.run1("Conv", inputs: [H.iota([1, 2, 4]), H.iota([1, 3, 1])]) } != nil)
    }

    @Test("MaxPool 2-D with pads ignores padding and returns row-major indices")
    func maxPoolWithIndices() throws {
        let x = H.iota([1, 1, 3, 3])
        let outputs = try H.run(
            "MaxPool", attributes: ["kernel_shape": .ints([2, 2]), "pads": .ints([1, 1, 0, 0])], inputs: [x], outputs: 2)
        #expect(outputs[0].shape == [1, 1, 3, 3])
        #expect(outputs[0].floats == [0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(outputs[1].int64s == [0, 1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test("MaxPool storage_order 1 reports column-major indices")
    func maxPoolColumnMajorIndices() throws {
        let x = H.f([1, 1, 2, 2], [1, 4, 3, 2])
        let outputs = try H.run(
            "MaxPool", attributes: ["kernel_shape": .ints([2, 2]), "storage_order": .int(1)], inputs: [x], outputs: 2)
        #expect(outputs[0].floats == [4])
        #expect(outputs[1].int64s == [2])
    }

    @Test("MaxPool 1-D with ceil_mode keeps a partial last window")
    func maxPoolCeil() throws {
        let x = H.f([1, 1, 5], [1, 3, 2, 5, 4])
        let floor = try H.run1("MaxPool", attributes: ["kernel_shape": .ints([2]), "strides": .ints([2])], inputs: [x])
        #expect(floor.floats == [3, 5])
        let ceil = try H.run1("MaxPool", attributes: ["kernel_shape": .ints([2]), "strides": .ints([2]), "ceil_mode": .int(1)], inputs: [x])
        #expect(ceil.floats == [3, 5, 4])
    }

    @Test("MaxPool with dilations skips positions inside the window")
    func maxPoolDilations() throws {
        let x = H.f([1, 1, 5], [5, 1, 1, 9, 2])
        let y = try H.run1("MaxPool", attributes: ["kernel_shape": .ints([2]), "dilations": .ints([2])], inputs: [x])
        #expect(y.floats == [5, 9, 2])
    }

    @Test("MaxPool works on uint8")
    func maxPoolUInt8() throws {
        let x = Tensor(shape: [1, 1, 4], elements: [UInt8(1), 200, 7, 3])
        #expect(try H.run1("MaxPool", attributes: ["kernel_shape": .ints([2]), "strides": .ints([2])], inputs: [x]).storage == .uint8([200, 7]))
    }

    @Test("AveragePool excludes padding unless count_include_pad")
    func averagePoolPadding() throws {
        let x = H.f([1, 1, 3], [3, 6, 9])
        let attributes: [String: Attribute] = ["kernel_shape": .ints([2]), "pads": .ints([1, 1])]
        #expect(try H.run1("AveragePool", attributes: attributes, inputs: [x]).floats == [3, 4.5, 7.5, 9])
        var include = attributes
        include["count_include_pad"] = .int(1)
        #expect(try H.run1("AveragePool", attributes: include, inputs: [x]).floats == [1.5, 4.5, 7.5, 4.5])
    }

    @Test("AveragePool 2-D with SAME_UPPER averages the in-bounds taps")
    func averagePoolSameUpper() throws {
        let x = H.iota([1, 1, 2, 2])
        let y = try H.run1("AveragePool", attributes: ["kernel_shape": .ints([2, 2]), "auto_pad": .string("SAME_UPPER")], inputs: [x])
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.floats == [1.5, 2, 2.5, 3])
    }

    @Test("pooling without kernel_shape fails at load")
    func poolNeedsKernel() throws {
        #expect(H.failure { try H.run1("MaxPool", inputs: [H.iota([1, 1, 4])]) } != nil)
    }

    @Test("GlobalAveragePool averages each plane and keeps spatial dimensions as 1")
    func globalAveragePool() throws {
        let y = try H.run1("GlobalAveragePool", inputs: [H.iota([1, 2, 2, 2])])
        #expect(y.shape == [1, 2, 1, 1])
        #expect(y.floats == [1.5, 5.5])
    }
}
