/// An elementwise predicate as a type rather than a closure, so the comparison loops specialise per
/// element type and predicate (a closure passed from generic code stays an indirect call per element).
protocol ComparisonPredicate {
    associatedtype Element: TensorElement
    func holds(_ x: Element, _ y: Element) -> Bool
}

struct IsEqual<Element: TensorElement & Equatable>: ComparisonPredicate {
    func holds(_ x: Element, _ y: Element) -> Bool { x == y }
}

struct IsGreater<Element: TensorElement & Comparable>: ComparisonPredicate {
    func holds(_ x: Element, _ y: Element) -> Bool { x > y }
}

struct IsLess<Element: TensorElement & Comparable>: ComparisonPredicate {
    func holds(_ x: Element, _ y: Element) -> Bool { x < y }
}

enum ComparisonKernel {
    /// `predicate(a, b)` over the broadcast of the two shapes; equal shapes and scalar operands take
    /// straight loops, other layouts the general broadcast walk.
    static func evaluate<P: ComparisonPredicate>(_ a: Tensor, _ b: Tensor, _ predicate: P) throws -> Tensor {
        let outputShape = try Broadcast.shape(a.shape, b.shape)
        let xs: [P.Element] = try a.elements()
        let ys: [P.Element] = try b.elements()
        return Tensor.build(shape: outputShape, of: Bool.self) { out in
            xs.withUnsafeBufferPointer { pa in
                ys.withUnsafeBufferPointer { pb in
                    let n = out.count
                    if pa.count == n && pb.count == n {
                        for i in 0..<n { out[i] = predicate.holds(pa[i], pb[i]) }
                    } else if pa.count == n && pb.count == 1 {
                        let y = pb[0]
                        for i in 0..<n { out[i] = predicate.holds(pa[i], y) }
                    } else if pa.count == 1 && pb.count == n {
                        let x = pa[0]
                        for i in 0..<n { out[i] = predicate.holds(x, pb[i]) }
                    } else {
                        Broadcast.apply(pa, shape: a.shape, pb, shape: b.shape, outputShape: outputShape, into: out) {
                            predicate.holds($0, $1)
                        }
                    }
                }
            }
        }
    }
}
