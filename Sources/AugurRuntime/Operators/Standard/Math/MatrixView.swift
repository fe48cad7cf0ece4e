/// A read-only strided view of a matrix: element (i, j) is `base[i * rowStride + j * colStride]`.
///
/// Strides express transposition without copying: a row-major `[rows, cols]` buffer read transposed
/// is `MatrixView(base, rowStride: 1, colStride: rows)`.
@usableFromInline
struct MatrixView<T>: @unchecked Sendable {
    // Unchecked: the view only lives for the duration of one kernel call over a buffer the caller keeps alive.
    @usableFromInline let base: UnsafePointer<T>
    @usableFromInline let rowStride: Int
    @usableFromInline let colStride: Int

    @inlinable
    init(_ base: UnsafePointer<T>, rowStride: Int, colStride: Int) {
        self.base = base
        self.rowStride = rowStride
        self.colStride = colStride
    }

    /// A row-major matrix with `cols` columns, optionally read transposed.
    @inlinable
    init(rowMajor base: UnsafePointer<T>, rows: Int, cols: Int, transposed: Bool) {
        self.base = base
        if transposed {
            rowStride = 1
            colStride = cols
        } else {
            rowStride = cols
            colStride = 1
        }
    }

    @inlinable
    subscript(i: Int, j: Int) -> T { base[i &* rowStride &+ j &* colStride] }
}

/// The `beta * C` term of a GEMM, broadcast over the output by strides (0 on broadcast dimensions).
@usableFromInline
struct GemmBias<T>: @unchecked Sendable {
    @usableFromInline let base: UnsafePointer<T>
    @usableFromInline let rowStride: Int
    @usableFromInline let colStride: Int
    @usableFromInline let beta: T

    @inlinable
    init(_ base: UnsafePointer<T>, rowStride: Int, colStride: Int, beta: T) {
        self.base = base
        self.rowStride = rowStride
        self.colStride = colStride
        self.beta = beta
    }

    @inlinable
    subscript(i: Int, j: Int) -> T { base[i &* rowStride &+ j &* colStride] }
}
