/// A Swift type that can be a tensor element; lets kernels be written once, generically.
public protocol TensorElement: Sendable {
    /// The ONNX element type stored for this Swift type.
    static var dataType: DataType { get }
    /// The zero (or empty/false) element, used to fill new tensors.
    static var zeroElement: Self { get }
    /// The array inside `storage` when it holds this element type, else nil.
    static func elements(of storage: TensorStorage) -> [Self]?
    /// Wraps an array of this element type as storage.
    static func storage(_ elements: [Self]) -> TensorStorage
}

extension Float: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .float }
    /// The zero value used to fill new tensors.
    public static var zeroElement: Float { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [Float]? {
        if case .float(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [Float]) -> TensorStorage { .float(elements) }
}

extension Double: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .double }
    /// The zero value used to fill new tensors.
    public static var zeroElement: Double { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [Double]? {
        if case .double(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [Double]) -> TensorStorage { .double(elements) }
}

extension Int64: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .int64 }
    /// The zero value used to fill new tensors.
    public static var zeroElement: Int64 { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [Int64]? {
        if case .int64(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [Int64]) -> TensorStorage { .int64(elements) }
}

extension Int32: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .int32 }
    /// The zero value used to fill new tensors.
    public static var zeroElement: Int32 { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [Int32]? {
        if case .int32(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [Int32]) -> TensorStorage { .int32(elements) }
}

extension Bool: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .bool }
    /// The zero value used to fill new tensors.
    public static var zeroElement: Bool { false }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [Bool]? {
        if case .bool(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [Bool]) -> TensorStorage { .bool(elements) }
}

extension String: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .string }
    /// The zero value used to fill new tensors.
    public static var zeroElement: String { "" }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [String]? {
        if case .string(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [String]) -> TensorStorage { .string(elements) }
}

extension UInt8: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .uint8 }
    /// The zero value used to fill new tensors.
    public static var zeroElement: UInt8 { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [UInt8]? {
        if case .uint8(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [UInt8]) -> TensorStorage { .uint8(elements) }
}

extension Int8: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .int8 }
    /// The zero value used to fill new tensors.
    public static var zeroElement: Int8 { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [Int8]? {
        if case .int8(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [Int8]) -> TensorStorage { .int8(elements) }
}

extension UInt16: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .uint16 }
    /// The zero value used to fill new tensors.
    public static var zeroElement: UInt16 { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [UInt16]? {
        if case .uint16(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [UInt16]) -> TensorStorage { .uint16(elements) }
}

extension Int16: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .int16 }
    /// The zero value used to fill new tensors.
    public static var zeroElement: Int16 { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [Int16]? {
        if case .int16(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [Int16]) -> TensorStorage { .int16(elements) }
}

extension UInt32: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .uint32 }
    /// The zero value used to fill new tensors.
    public static var zeroElement: UInt32 { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [UInt32]? {
        if case .uint32(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [UInt32]) -> TensorStorage { .uint32(elements) }
}

extension UInt64: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .uint64 }
    /// The zero value used to fill new tensors.
    public static var zeroElement: UInt64 { 0 }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [UInt64]? {
        if case .uint64(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [UInt64]) -> TensorStorage { .uint64(elements) }
}

extension Float16Bits: TensorElement {
    /// The element type this Swift type is stored as.
    public static var dataType: DataType { .float16 }
    /// The zero value used to fill new tensors.
    public static var zeroElement: Float16Bits { Float16Bits(bitPattern: 0) }
    /// The array in `storage` when it holds this type, else nil.
    @inlinable public static func elements(of storage: TensorStorage) -> [Float16Bits]? {
        if case .float16(let a) = storage { return a }
        return nil
    }
    /// Wraps an array of this type as storage.
    @inlinable public static func storage(_ elements: [Float16Bits]) -> TensorStorage { .float16(elements) }
}
