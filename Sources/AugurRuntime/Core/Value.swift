/// A runtime value flowing along a graph edge: a tensor, a sequence, a map or ZipMap's sequence of maps.
public enum Value: Sendable, Equatable {
    /// A dense tensor.
    case tensor(Tensor)
    /// An ONNX sequence (e.g. `seq(tensor(float))`).
    case sequence([Value])
    /// One ONNX map (e.g. DictVectorizer's `map(string, float)` input).
    case map(ValueMap)
    /// A sequence of maps sharing one key set, as ZipMap produces: `seq(map(int64|string, float))`.
    case mapSequence(MapSequence)

    /// The tensor, or nil when the value is another kind.
    @inlinable
    public var tensor: Tensor? {
        if case .tensor(let t) = self { return t }
        return nil
    }

    /// The tensor; throws naming the actual kind when the value is not a tensor.
    @inlinable
    public func asTensor() throws -> Tensor {
        if case .tensor(let t) = self { return t }
        throw RuntimeError.invalidInput("expected a tensor, got \(kindDescription)")
    }

    /// A short description of the kind of value, for error messages (`tensor(float)[2, 3]`, `sequence`, ...).
    public var kindDescription: String {
        switch self {
        case .tensor(let t): "tensor(\(t.dataType))\(t.shape)"
        case .sequence(let s): "sequence of \(s.count)"
        case .map(let m): "map(\(m.keys.keyTypeName), \(m.values.dataType))"
        case .mapSequence(let m): "sequence of \(m.count) map(\(m.keys.keyTypeName), float)"
        }
    }
}

/// The keys of a map: ONNX maps are keyed by int64 or string.
public enum MapKeys: Sendable, Equatable {
    /// Integer keys (e.g. class ids).
    case int64([Int64])
    /// String keys (e.g. class names).
    case string([String])

    /// The number of keys.
    public var count: Int {
        switch self {
        case .int64(let k): k.count
        case .string(let k): k.count
        }
    }

    /// `int64` or `string`.
    public var keyTypeName: String {
        switch self {
        case .int64: "int64"
        case .string: "string"
        }
    }
}

/// One map: `keys[i]` maps to element `i` of the 1-D tensor `values`.
public struct ValueMap: Sendable, Equatable {
    /// The keys, in insertion order.
    public var keys: MapKeys
    /// A 1-D tensor with one element per key.
    public var values: Tensor

    /// Creates a map; `values` must have one element per key.
    public init(keys: MapKeys, values: Tensor) throws {
        guard values.count == keys.count else {
            throw RuntimeError.invalidInput("a map needs one value per key: \(keys.count) keys, \(values.count) values")
        }
        self.keys = keys
        self.values = values
    }
}

/// A sequence of maps that all share the same keys (ZipMap's output), stored as one row-major float
/// matrix so a batch costs one allocation: map `r` sends `keys[c]` to `values[r * keys.count + c]`.
public struct MapSequence: Sendable, Equatable {
    /// The keys shared by every map (class labels).
    public var keys: MapKeys
    /// `count * keys.count` probabilities, row-major.
    public var values: [Float]

    /// Creates a sequence of maps; `values.count` must be a multiple of `keys.count`.
    public init(keys: MapKeys, values: [Float]) throws {
        guard keys.count > 0 ? values.count % keys.count == 0 : values.isEmpty else {
            throw RuntimeError.invalidInput("\(values.count) values do not split into maps of \(keys.count) keys")
        }
        self.keys = keys
        self.values = values
    }

    /// The number of maps (rows).
    public var count: Int { keys.count == 0 ? 0 : values.count / keys.count }

    /// The values of map `row`, one per key.
    public func row(_ row: Int) -> ArraySlice<Float> {
        values[(row * keys.count)..<((row + 1) * keys.count)]
    }
}
