/// A node's attributes with typed getters; errors name the node, operator and attribute.
public struct NodeAttributes: Sendable {
    /// The node's name (or a generated one), for error messages.
    public let nodeName: String
    /// The node's operator type, for error messages.
    public let opType: String
    /// The raw attributes by name.
    public let values: [String: Attribute]

    /// Creates the accessor over decoded attributes.
    public init(nodeName: String, opType: String, values: [String: Attribute]) {
        self.nodeName = nodeName
        self.opType = opType
        self.values = values
    }

    /// Whether the attribute is present.
    public func contains(_ name: String) -> Bool { values[name] != nil }

    /// The raw attribute, or nil.
    public subscript(_ name: String) -> Attribute? { values[name] }

    /// An INT attribute that must be present.
    public func int(_ name: String) throws -> Int {
        guard let v = try intIfPresent(name) else { throw missing(name) }
        return v
    }

    /// An INT attribute, or `defaultValue` when absent.
    public func int(_ name: String, default defaultValue: Int) throws -> Int {
        try intIfPresent(name) ?? defaultValue
    }

    /// An INT attribute, or nil when absent.
    public func intIfPresent(_ name: String) throws -> Int? {
        guard let a = values[name] else { return nil }
        guard case .int(let v) = a else { throw wrongType(name, expected: "INT", a) }
        return Int(v)
    }

    /// A FLOAT attribute that must be present.
    public func float(_ name: String) throws -> Float {
        guard let v = try floatIfPresent(name) else { throw missing(name) }
        return v
    }

    /// A FLOAT attribute, or `defaultValue` when absent.
    public func float(_ name: String, default defaultValue: Float) throws -> Float {
        try floatIfPresent(name) ?? defaultValue
    }

    /// A FLOAT attribute (an INT is accepted and widened), or nil when absent.
    public func floatIfPresent(_ name: String) throws -> Float? {
        guard let a = values[name] else { return nil }
        switch a {
        case .float(let v): return v
        case .int(let v): return Float(v)
        default: throw wrongType(name, expected: "FLOAT", a)
        }
    }

    /// A STRING attribute that must be present.
    public func string(_ name: String) throws -> String {
        guard let v = try stringIfPresent(name) else { throw missing(name) }
        return v
    }

    /// A STRING attribute, or `defaultValue` when absent.
    public func string(_ name: String, default defaultValue: String) throws -> String {
        try stringIfPresent(name) ?? defaultValue
    }

    /// A STRING attribute, or nil when absent.
    public func stringIfPresent(_ name: String) throws -> String? {
        guard let a = values[name] else { return nil }
        guard case .string(let v) = a else { throw wrongType(name, expected: "STRING", a) }
        return v
    }

    /// An INTS attribute as `[Int]` that must be present.
    public func ints(_ name: String) throws -> [Int] {
        guard let v = try intsIfPresent(name) else { throw missing(name) }
        return v
    }

    /// An INTS attribute as `[Int]`, or `defaultValue` when absent.
    public func ints(_ name: String, default defaultValue: [Int]) throws -> [Int] {
        try intsIfPresent(name) ?? defaultValue
    }

    /// An INTS attribute as `[Int]`, or nil when absent.
    public func intsIfPresent(_ name: String) throws -> [Int]? {
        try int64sIfPresent(name).map { $0.map { Int($0) } }
    }

    /// An INTS attribute as `[Int64]` (labels, keys), or nil when absent.
    public func int64sIfPresent(_ name: String) throws -> [Int64]? {
        guard let a = values[name] else { return nil }
        guard case .ints(let v) = a else { throw wrongType(name, expected: "INTS", a) }
        return v
    }

    /// A FLOATS attribute that must be present.
    public func floats(_ name: String) throws -> [Float] {
        guard let v = try floatsIfPresent(name) else { throw missing(name) }
        return v
    }

    /// A FLOATS attribute, or `defaultValue` when absent.
    public func floats(_ name: String, default defaultValue: [Float]) throws -> [Float] {
        try floatsIfPresent(name) ?? defaultValue
    }

    /// A FLOATS attribute, or nil when absent.
    public func floatsIfPresent(_ name: String) throws -> [Float]? {
        guard let a = values[name] else { return nil }
        guard case .floats(let v) = a else { throw wrongType(name, expected: "FLOATS", a) }
        return v
    }

    /// A STRINGS attribute that must be present.
    public func strings(_ name: String) throws -> [String] {
        guard let v = try stringsIfPresent(name) else { throw missing(name) }
        return v
    }

    /// A STRINGS attribute, or `defaultValue` when absent.
    public func strings(_ name: String, default defaultValue: [String]) throws -> [String] {
        try stringsIfPresent(name) ?? defaultValue
    }

    /// A STRINGS attribute, or nil when absent.
    public func stringsIfPresent(_ name: String) throws -> [String]? {
        guard let a = values[name] else { return nil }
        guard case .strings(let v) = a else { throw wrongType(name, expected: "STRINGS", a) }
        return v
    }

    /// A TENSOR attribute that must be present.
    public func tensor(_ name: String) throws -> Tensor {
        guard let v = try tensorIfPresent(name) else { throw missing(name) }
        return v
    }

    /// A TENSOR attribute, or nil when absent.
    public func tensorIfPresent(_ name: String) throws -> Tensor? {
        guard let a = values[name] else { return nil }
        guard case .tensor(let v) = a else { throw wrongType(name, expected: "TENSOR", a) }
        return v
    }

    /// A GRAPH attribute (encoded subgraph), or nil when absent.
    public func graphIfPresent(_ name: String) throws -> EncodedGraph? {
        guard let a = values[name] else { return nil }
        guard case .graph(let v) = a else { throw wrongType(name, expected: "GRAPH", a) }
        return v
    }

    /// An error for an attribute whose value is not allowed (for operators' own checks).
    public func invalid(_ name: String, _ reason: String) -> RuntimeError {
        .invalidAttribute(node: nodeName, opType: opType, attribute: name, reason: reason)
    }

    private func missing(_ name: String) -> RuntimeError {
        .missingAttribute(node: nodeName, opType: opType, attribute: name)
    }

    private func wrongType(_ name: String, expected: String, _ actual: Attribute) -> RuntimeError {
        invalid(name, "expected type \(expected), got \(actual.typeName)")
    }
}
