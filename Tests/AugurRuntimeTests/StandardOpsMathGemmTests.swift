@testable import AugurRuntime
import Testing

@Suite("ai.onnx Gemm, MatMul and the float GEMM kernel")
struct StandardOpsMathGemmTests {
    typealias H = MathOpHarness

    /// `alpha * op(A) * op(B) + beta * bias[j]` by the textbook triple loop, in double.
    static func naive(
        m: Int, n: Int, k: Int, a: [Float], b: [Float], transA: Bool, transB: Bool, alpha: Float, beta: Float, bias: [Float]?
    ) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    let x = transA ? a[p * m + i] : a[i * k + p]
                    let y = transB ? b[j * k + p] : b[p * n + j]
                    s += Double(x) * Double(y)
                }
                c[i * n + j] = Float(Double(alpha) * s + Double(beta) * Double(bias?[j] ?? 0))
            }
        }
        return c
    }

    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (7, 13, 5), (65, 64, 63), (1, 64, 64), (3, 17, 9), (6, 16, 256), (13, 33, 300), (128, 31, 7), (4, 1, 40),
        (50, 3, 64), (9, 4, 5), (5, 5, 5),
    ]

    @Test("the float kernel matches a naive triple loop for odd sizes and every transpose combination",
          arguments: [(false, false), (true, false), (false, true), (true, true)])
    func kernelMatchesNaive(transA: Bool, transB: Bool) throws {
        for (index, (m, n, k)) in Self.shapes.enumerated() {
            let a = H.random(m * k, seed: UInt64(index * 4 + 1))
            let b = H.random(k * n, seed: UInt64(index * 4 + 2))
            let bias = H.random(n, seed: UInt64(index * 4 + 3))
            var c = [Float](repeating: .nan, count: m * n)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    bias.withUnsafeBufferPointer { pbias in
                        c.withUnsafeMutableBufferPointer { pc in
                            FloatGemm.multiply(
                                m: m, n: n, k: k,
                                a: MatrixView(rowMajor: pa.baseAddress!, rows: transA ? k : m, cols: transA ? m : k, transposed: transA),
                                b: MatrixView(rowMajor: pb.baseAddress!, rows: transB ? n : k, cols: transB ? k : n, transposed: transB),
                                alpha: 1.5, bias: GemmBias(pbias.baseAddress!, rowStride: 0, colStride: 1, beta: -0.5),
                                into: pc.baseAddress!, ldc: n)
                        }
                    }
                }
            }
            let expected = Self.naive(m: m, n: n, k: k, a: a, b: b, transA: transA, transB: transB, alpha: 1.5, beta: -0.5, bias: bias)
            #expect(H.close(c, expected, tolerance: 1e-4), "m \(m) n \(n) k \(k) transA \(transA) transB \(transB)")
        }
    }

    @Test("the float kernel accumulates K blocks deeper than one packed panel")
    func kernelDeepK() throws {
        let (m, n, k) = (9, 20, 700)
        let a = H.random(m * k, seed: 11)
        let b = H.random(k * n, seed: 12)
        let y = try H.run1("Gemm", inputs: [H.f([m, k], a), H.f([k, n], b)])
        let expected = Self.naive(m: m, n: n, k: k, a: a, b: b, transA: false, transB: false, alpha: 1, beta: 0, bias: nil)
        #expect(H.close(y.floats, expected, tolerance: 1e-4))
    }

    @Test("Gemm applies alpha, beta, both transposes and a row-vector C")
    func gemmAllAttributes() throws {
        // A' = [[1, 2], [3, 4]], B' = [[1, 0, 2], [0, 1, 3]].
        let a = H.f([2, 2], [1, 3, 2, 4])
        let b = H.f([3, 2], [1, 0, 0, 1, 2, 3])
        let c = H.f([1, 3], [10, 20, 30])
        let y = try H.run1(
            "Gemm", attributes: ["alpha": .float(2), "beta": .float(0.5), "transA": .int(1), "transB": .int(1)],
            inputs: [a, b, c])
        #expect(y.shape == [2, 3])
        #expect(y.floats == [7, 14, 31, 11, 18, 51])
    }

    @Test("Gemm broadcasts C given as a scalar, a column and a full matrix")
    func gemmBiasShapes() throws {
        let a = H.f([2, 2], [1, 2, 3, 4])
        let identity = H.f([2, 2], [1, 0, 0, 1])
        #expect(try H.run1("Gemm", inputs: [a, identity, Tensor(scalar: Float(1))]).floats == [2, 3, 4, 5])
        #expect(try H.run1("Gemm", inputs: [a, identity, H.f([2, 1], [10, 20])]).floats == [11, 12, 23, 24])
        #expect(try H.run1("Gemm", inputs: [a, identity, H.f([2, 2], [1, 1, 2, 2])]).floats == [2, 3, 5, 6])
        #expect(try H.run1("Gemm", inputs: [a, identity, nil]).floats == [1, 2, 3, 4])
    }

    @Test("Gemm with a C that does not broadcast to [M, N] is rejected")
    func gemmBadBias() throws {
        let message = H.failure { try H.run1("Gemm", inputs: [H.iota([2, 2]), H.iota([2, 2]), H.iota([3])]) }
        #expect(message?.contains("[3]") == true)
    }

    @Test("Gemm with mismatched inner dimensions is rejected")
    func gemmMismatch() throws {
        #expect(H.failure { try H.run1("Gemm", inputs: [H.iota([2, 3]), H.iota([2, 2])]) } != nil)
    }

    @Test("Gemm on doubles matches the float result")
    func gemmDouble() throws {
        let a = Tensor(shape: [2, 3], elements: [1.0, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 1], elements: [1.0, 1, 1])
        let y = try H.run1("Gemm", attributes: ["beta": .float(2)], inputs: [a, b, Tensor(shape: [1], elements: [0.5])])
        #expect(y.doubles == [7, 16])
    }

    @Test("MatMul multiplies 2-D matrices")
    func matMul2D() throws {
        let y = try H.run1("MatMul", inputs: [H.f([2, 3], [1, 2, 3, 4, 5, 6]), H.f([3, 2], [7, 8, 9, 10, 11, 12])])
        #expect(y.shape == [2, 2])
        #expect(y.floats == [58, 64, 139, 154])
    }

    @Test("MatMul promotes 1-D operands and drops the added dimension")
    func matMulVectors() throws {
        let m = H.f([2, 3], [1, 2, 3, 4, 5, 6])
        let left = try H.run1("MatMul", inputs: [H.f([2], [1, 1]), m])
        #expect(left.shape == [3])
        #expect(left.floats == [5, 7, 9])
        let right = try H.run1("MatMul", inputs: [m, H.f([3], [1, 0, 1])])
        #expect(right.shape == [2])
        #expect(right.floats == [4, 10])
        let dot = try H.run1("MatMul", inputs: [H.f([3], [1, 2, 3]), H.f([3], [4, 5, 6])])
        #expect(dot.shape == [])
        #expect(dot.floats == [32])
    }

    @Test("MatMul broadcasts batch dimensions, including a shared 2-D right operand")
    func matMulBatched() throws {
        let a = H.random(2 * 3 * 4 * 5, seed: 21)
        let b = H.random(3 * 5 * 6, seed: 22)
        let y = try H.run1("MatMul", inputs: [H.f([2, 1, 4, 5], Array(a[0..<40])), H.f([3, 5, 6], Array(b[0..<90]))])
        #expect(y.shape == [2, 3, 4, 6])
        var expected: [Float] = []
        for i in 0..<2 {
            for j in 0..<3 {
                expected += Self.naive(
                    m: 4, n: 6, k: 5, a: Array(a[(i * 20)..<(i * 20 + 20)]), b: Array(b[(j * 30)..<(j * 30 + 30)]),
                    transA: false, transB: false, alpha: 1, beta: 0, bias: nil)
            }
        }
        #expect(H.close(y.floats, expected, tolerance: 1e-5))
        let shared = try H.run1("MatMul", inputs: [H.f([2, 3, 4, 5], a), H.f([5, 6], Array(b[0..<30]))])
        #expect(shared.shape == [2, 3, 4, 6])
        let flat = Self.naive(m: 24, n: 6, k: 5, a: a, b: Array(b[0..<30]), transA: false, transB: false, alpha: 1, beta: 0, bias: nil)
        #expect(H.close(shared.floats, flat, tolerance: 1e-5))
    }

    @Test("MatMul with misaligned inner dimensions names both shapes")
    func matMulMismatch() throws {
        let message = H.failure { try H.run1("MatMul", inputs: [H.iota([2, 3]), H.iota([4, 2])]) }
        #expect(message?.contains("[2, 3]") == true)
    }
}
