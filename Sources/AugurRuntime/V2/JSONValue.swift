#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A parsed JSON document, with rectangular arrays of numbers, booleans or strings kept flat so that
/// a request carrying thousands of feature values costs a handful of allocations, not one per value.
enum JSONValue {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case flatArray(FlatArray)
    case object([String: JSONValue])

    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array, .flatArray: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON number: its double value, and its exact integer value when written as an integer.
struct JSONNumber {
    var double: Double
    var integer: Int64?
    /// False when `double` came from the fast path and may be off by about one unit in the last place.
    var exact = true
}

/// Numbers of a flat array whose doubles the fast path computed to within about one ulp; enough to
/// redo them with a correctly rounded conversion when the tensor is FP64 (FP32 does not need it).
struct ApproximateNumbers {
    /// The NUL-terminated document text.
    let text: [UInt8]
    /// Element index and the byte offset where its token starts.
    var entries: [(index: Int, offset: Int)] = []

    /// `doubles` with every approximate element replaced by its correctly rounded value.
    func exactDoubles(_ doubles: [Double]) -> [Double] {
        var result = doubles
        text.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                for (index, offset) in entries { result[index] = strtod(base + offset, nil) }
            }
        }
        return result
    }
}

/// A rectangular, possibly nested JSON array of scalars of one kind, flattened row-major.
struct FlatArray {
    /// The nesting dimensions, outermost first (`[[1,2],[3,4]]` has `[2, 2]`).
    var shape: [Int]
    var elements: Elements

    enum Elements {
        /// Numbers; `integers` is non-nil only when every number was written as an integer in Int64 range;
        /// `approximations` lists elements whose double may be one ulp off (nil when all are exact).
        case numbers(doubles: [Double], integers: [Int64]?, approximations: ApproximateNumbers?)
        case bools([Bool])
        case strings([String])
    }

    var count: Int {
        switch elements {
        case .numbers(let d, _, _): d.count
        case .bools(let b): b.count
        case .strings(let s): s.count
        }
    }
}
