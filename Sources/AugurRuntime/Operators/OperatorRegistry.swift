/// Builds a kernel from a node; throws (e.g. `missingAttribute`) when the node is not runnable.
public typealias OperatorFactory = @Sendable (NodeInfo) throws -> any Operator

/// Maps (domain, op_type, opset version) to operator factories.
public struct OperatorRegistry: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        var sinceVersion: Int
        var factory: OperatorFactory
    }

    private var entries: [OperatorKey: [Entry]] = [:]

    /// An empty registry.
    public init() {}

    /// The registry with every operator this runtime ships (see `BuiltinOperators`).
    public static let `default`: OperatorRegistry = BuiltinOperators.makeRegistry()

    /// Registers `factory` for `domain::opType` from opset `sinceVersion` on (until a later registration).
    ///
    /// A factory serves every opset from its `sinceVersion` up to the next registered version; it reads
    /// `NodeInfo.opsetVersion` for behaviour that changed between versions. Registering the same
    /// version twice replaces the earlier factory.
    public mutating func register(
        domain: String = "",
        opType: String,
        sinceVersion: Int = 1,
        factory: @escaping OperatorFactory
    ) {
        let key = OperatorKey(domain: domain, opType: opType)
        var list = entries[key] ?? []
        list.removeAll { $0.sinceVersion == sinceVersion }
        list.append(Entry(sinceVersion: sinceVersion, factory: factory))
        list.sort { $0.sinceVersion < $1.sinceVersion }
        entries[key] = list
    }

    /// The factory in force for `opsetVersion`: the latest registration whose `sinceVersion` ≤ the opset.
    public func factory(domain: String, opType: String, opsetVersion: Int) -> OperatorFactory? {
        guard let list = entries[OperatorKey(domain: domain, opType: opType)] else { return nil }
        return list.last { $0.sinceVersion <= opsetVersion }?.factory
    }

    /// Whether a kernel exists for `domain::opType` at `opsetVersion`.
    public func supports(domain: String, opType: String, opsetVersion: Int) -> Bool {
        factory(domain: domain, opType: opType, opsetVersion: opsetVersion) != nil
    }

    /// Every registered operator, sorted by domain then op type.
    public var registeredOperators: [OperatorKey] {
        entries.keys.sorted { ($0.domain, $0.opType) < ($1.domain, $1.opType) }
    }

    /// The opset versions at which `domain::opType` has registrations (ascending), empty when unknown.
    public func registeredVersions(domain: String, opType: String) -> [Int] {
        entries[OperatorKey(domain: domain, opType: opType)]?.map(\.sinceVersion) ?? []
    }
}
