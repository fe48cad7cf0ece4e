import AugurRuntime
import Testing

@Suite("Broadcasting")
struct BroadcastTests {
    @Test("shapes broadcast numpy-style from the trailing dimension")
    func shapeRules() throws {
        #expect(try Broadcast.shape([2, 3, 4], [4]) == [2, 3, 4])
        #expect(try Broadcast.shape([2, 1, 4], [3, 1]) == [2, 3, 4])
        #expect(try Broadcast.shape([], [5]) == [5])
        #expect(try Broadcast.shape(of: [[1, 3], [2, 1], [3]]) == [2, 3])
    }

    @Test("incompatible shapes are reported with both shapes")
    func incompatible() {
        #expect { try Broadcast.shape([2, 3], [4]) } throws: { error in
            "\(error)".contains("[2, 3]") && "\(error)".contains("[4]")
        }
    }

    @Test("a row vector is added to every row")
    func rowVector() throws {
        let a = Tensor(shape: [2, 3], elements: [Float(1), 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3], elements: [Float(10), 20, 30])
        let sum = try Broadcast.binary(a, b) { (x: Float, y: Float) in x + y }
        #expect(sum == Tensor(shape: [2, 3], elements: [Float(11), 22, 33, 14, 25, 36]))
    }

    @Test("a column vector is added to every column")
    func columnVector() throws {
        let a = Tensor(shape: [2, 3], elements: [Float(1), 2, 3, 4, 5, 6])
        let b = Tensor(shape: [2, 1], elements: [Float(100), 200])
        let sum = try Broadcast.binary(a, b) { (x: Float, y: Float) in x + y }
        #expect(sum == Tensor(shape: [2, 3], elements: [Float(101), 102, 103, 204, 205, 206]))
    }

    @Test("a scalar on the left broadcasts over the right operand")
    func scalarLeft() throws {
        let diff = try Broadcast.binary(Tensor(scalar: Int64(10)), Tensor(shape: [3], elements: [Int64(1), 2, 3])) {
            (x: Int64, y: Int64) in x - y
        }
        #expect(diff == Tensor(shape: [3], elements: [Int64(9), 8, 7]))
    }

    @Test("both operands broadcast into an outer product")
    func outerProduct() throws {
        let a = Tensor(shape: [3, 1], elements: [Int32(1), 2, 3])
        let b = Tensor(shape: [1, 2], elements: [Int32(10), 100])
        let product = try Broadcast.binary(a, b) { (x: Int32, y: Int32) in x * y }
        #expect(product == Tensor(shape: [3, 2], elements: [Int32(10), 100, 20, 200, 30, 300]))
    }

    @Test("a middle broadcast dimension in rank 3 reads the right elements")
    func middleDimension() throws {
        let a = Tensor(shape: [2, 2, 2], elements: (0..<8).map { Float($0) })
        let b = Tensor(shape: [2, 1, 2], elements: [Float(100), 200, 300, 400])
        let sum = try Broadcast.binary(a, b) { (x: Float, y: Float) in x + y }
        #expect(sum == Tensor(shape: [2, 2, 2], elements: [Float(100), 201, 102, 203, 304, 405, 306, 407]))
    }

    @Test("a ternary select broadcasts its condition")
    func ternarySelect() throws {
        let condition = Tensor(shape: [2, 1], elements: [true, false])
        let x = Tensor(shape: [2, 2], elements: [Float(1), 2, 3, 4])
        let y = Tensor(scalar: Float(0))
        let chosen = try Broadcast.ternary(condition, x, y) { (c: Bool, a: Float, b: Float) in c ? a : b }
        #expect(chosen == Tensor(shape: [2, 2], elements: [Float(1), 2, 0, 0]))
    }

    @Test("an element type mismatch in a kernel is reported")
    func wrongElementType() {
        #expect(throws: RuntimeError.self) {
            try Broadcast.binary(Tensor(scalar: Float(1)), Tensor(scalar: Int64(1))) { (x: Float, y: Float) in x + y }
        }
    }

    @Test("negative axes are normalised and out-of-range ones refused")
    func axisNormalisation() throws {
        #expect(try Shape.normalizeAxis(-1, rank: 3) == 2)
        #expect(try Shape.normalizeAxis(3, rank: 3, allowEnd: true) == 3)
        #expect(throws: RuntimeError.self) { try Shape.normalizeAxis(3, rank: 3) }
        #expect(throws: RuntimeError.self) { try Shape.normalizeAxes([0, -3], rank: 3) }
    }

    @Test("random broadcastable shapes match a naive index-by-index reference")
    func matchesReference() throws {
        var rng = SplitMix(seed: 3)
        for _ in 0..<400 {
            let rank = Int(rng.next() % 5)
            let output = (0..<rank).map { _ in Int(rng.next() % 4) + 1 }
            func operand() -> [Int] {
                let dropped = Int(rng.next() % UInt64(rank + 1))
                return output.dropFirst(dropped).map { rng.next() % 3 == 0 ? 1 : $0 }
            }
            let shapeA = operand()
            let shapeB = operand()
            let a = Tensor(shape: shapeA, elements: (0..<Shape.elementCount(shapeA)).map { Int64($0) })
            let b = Tensor(shape: shapeB, elements: (0..<Shape.elementCount(shapeB)).map { Int64($0 * 1000) })
            let result = try Broadcast.binary(a, b) { (x: Int64, y: Int64) in x + y }
            let expectedShape = try Broadcast.shape(shapeA, shapeB)
            #expect(result.shape == expectedShape)
            let outStrides = Shape.strides(expectedShape)
            let expected = (0..<Shape.elementCount(expectedShape)).map { flat -> Int64 in
                let index = outStrides.map { flat / $0 }.enumerated().map { $1 % expectedShape[$0] }
                func offset(_ shape: [Int]) -> Int {
                    let strides = Shape.strides(shape)
                    let skip = expectedShape.count - shape.count
                    return shape.indices.reduce(0) { acc, d in acc + (shape[d] == 1 ? 0 : index[d + skip] * strides[d]) }
                }
                return Int64(offset(shapeA)) + Int64(offset(shapeB) * 1000)
            }
            #expect(result.int64s == expected, "\(shapeA) + \(shapeB)")
        }
    }
}
