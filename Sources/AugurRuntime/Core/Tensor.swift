/// A dense, row-major tensor: a shape (empty for a scalar) and typed contiguous storage.
public struct Tensor: Sendable, Equatable {
    /// The dimensions, outermost first; `[]` is a scalar.
    public var shape: [Int]
    /// The elements in row-major order; `storage.count == Shape.elementCount(shape)`.
    public var storage: TensorStorage

    /// Wraps storage without checking the count; use only where the count is known to match.
    @inlinable
    public init(uncheckedShape shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.storage = storage
    }

    /// Wraps storage, checking that its element count matches the shape.
    public init(shape: [Int], storage: TensorStorage) throws {
        guard let expected = Shape.checkedElementCount(shape) else {
            throw RuntimeError.invalidInput("tensor shape \(shape) has a negative dimension or too many elements")
        }
        guard storage.count == expected else {
            throw RuntimeError.invalidInput(
                "tensor of shape \(shape) needs \(expected) elements, got \(storage.count)"
            )
        }
        self.shape = shape
        self.storage = storage
    }

    /// A tensor of the given shape holding `elements` (row-major); the count must match the shape.
    @inlinable
    public init<T: TensorElement>(shape: [Int], elements: [T]) {
        precondition(Shape.elementCount(shape) == elements.count, "tensor shape \(shape) does not match \(elements.count) elements")
        self.shape = shape
        self.storage = T.storage(elements)
    }

    /// A rank-0 tensor holding one value.
    @inlinable
    public init<T: TensorElement>(scalar: T) {
        self.shape = []
        self.storage = T.storage([scalar])
    }

    /// A tensor of zeros (empty strings, false) of the given type and shape.
    public static func zeros(_ dataType: DataType, shape: [Int]) -> Tensor {
        Tensor(uncheckedShape: shape, storage: .zeros(dataType, count: Shape.elementCount(shape)))
    }

    /// Builds a tensor whose elements `fill` writes in place; the fastest way to produce a kernel output.
    ///
    /// For trivial element types the buffer starts uninitialised, so `fill` must write every element;
    /// for `String` it starts as empty strings.
    @inlinable
    public static func build<T: TensorElement>(
        shape: [Int],
        of type: T.Type = T.self,
        _ fill: (UnsafeMutableBufferPointer<T>) throws -> Void
    ) rethrows -> Tensor {
        let count = Shape.elementCount(shape)
        if _isPOD(T.self) {
            let elements = try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                try fill(buffer)
                initialized = count
            }
            return Tensor(uncheckedShape: shape, storage: T.storage(elements))
        }
        var elements = [T](repeating: T.zeroElement, count: count)
        try elements.withUnsafeMutableBufferPointer { try fill($0) }
        return Tensor(uncheckedShape: shape, storage: T.storage(elements))
    }

    /// The element type.
    @inlinable public var dataType: DataType { storage.dataType }
    /// The number of elements.
    @inlinable public var count: Int { storage.count }
    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }
    /// Whether this is a rank-0 tensor.
    @inlinable public var isScalar: Bool { shape.isEmpty }

    /// The elements as `[T]`; throws when the tensor holds another element type.
    @inlinable
    public func elements<T: TensorElement>(_ type: T.Type = T.self) throws -> [T] {
        guard let a = T.elements(of: storage) else {
            throw RuntimeError.invalidInput("expected a tensor of \(T.dataType), got \(dataType)")
        }
        return a
    }

    /// Calls `body` with the elements as a typed buffer; throws when the tensor holds another element type.
    @inlinable
    public func withUnsafeBufferPointer<T: TensorElement, R>(
        as type: T.Type,
        _ body: (UnsafeBufferPointer<T>) throws -> R
    ) throws -> R {
        guard let a = T.elements(of: storage) else {
            throw RuntimeError.invalidInput("expected a tensor of \(T.dataType), got \(dataType)")
        }
        return try a.withUnsafeBufferPointer(body)
    }

    /// The same elements under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        try Tensor(shape: newShape, storage: storage)
    }

    /// Float elements, or nil for another type.
    @inlinable public var floats: [Float]? { Float.elements(of: storage) }
    /// Double elements, or nil for another type.
    @inlinable public var doubles: [Double]? { Double.elements(of: storage) }
    /// Int64 elements, or nil for another type.
    @inlinable public var int64s: [Int64]? { Int64.elements(of: storage) }
    /// Int32 elements, or nil for another type.
    @inlinable public var int32s: [Int32]? { Int32.elements(of: storage) }
    /// Bool elements, or nil for another type.
    @inlinable public var bools: [Bool]? { Bool.elements(of: storage) }
    /// String elements, or nil for another type.
    @inlinable public var strings: [String]? { String.elements(of: storage) }
}
