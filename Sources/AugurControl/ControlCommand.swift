import AugurRedisClient
import Foundation

/// An operator's command on the control stream; every daemon applies every command, in stream order.
///
/// Fields: `type=command op=activate|rollback|promote|shadow model=NAME [version=V] [canary=PCT] [share=PCT]
/// command_id=ID issued_ms=UNIXMS`.
public struct ControlCommand: Sendable, Equatable {
    /// What a command asks the daemons to do.
    public enum Operation: String, Sendable, CaseIterable {
        /// Serve `version` (stable, canary ended), or with a canary share start a canary of it.
        case activate
        /// Return to `version`, or without one end the canary in progress.
        case rollback
        /// Make the canary the stable version, or without a canary the shadow.
        case promote
        /// Score `share` percent of the stable version's calls on `version` too, comparing without returning
        /// its outputs; without a version, end the shadow.
        case shadow
    }

    /// The operation.
    public var operation: Operation
    /// The model it applies to.
    public var model: String
    /// The version to activate or roll back to.
    public var version: Int?
    /// With `activate`: the percent (1…100) of unpinned requests the new version gets as a canary.
    public var canaryPercent: Int?
    /// With `shadow`: the percent (1…100) of the stable version's model calls the shadow also runs.
    public var sharePercent: Int?
    /// A unique id that daemons echo in their reports.
    public var commandID: String
    /// Unix milliseconds when the command was issued.
    public var issuedMilliseconds: UInt64

    /// Creates a command; `commandID` defaults to a fresh UUID, `issuedMilliseconds` to now.
    public init(
        operation: Operation,
        model: String,
        version: Int? = nil,
        canaryPercent: Int? = nil,
        sharePercent: Int? = nil,
        commandID: String = UUID().uuidString.lowercased(),
        issuedMilliseconds: UInt64 = ControlClock.nowMilliseconds()
    ) {
        self.operation = operation
        self.model = model
        self.version = version
        self.canaryPercent = canaryPercent
        self.sharePercent = sharePercent
        self.commandID = commandID
        self.issuedMilliseconds = issuedMilliseconds
    }

    /// Activate `version`: stable, or a canary with `canaryPercent`.
    public static func activate(_ model: String, version: Int, canaryPercent: Int? = nil) -> ControlCommand {
        ControlCommand(operation: .activate, model: model, version: version, canaryPercent: canaryPercent)
    }

    /// Roll back to `version`, or (nil) end the canary in progress.
    public static func rollback(_ model: String, to version: Int?) -> ControlCommand {
        ControlCommand(operation: .rollback, model: model, version: version)
    }

    /// Promote the canary in progress.
    public static func promote(_ model: String) -> ControlCommand {
        ControlCommand(operation: .promote, model: model)
    }

    /// Shadow `version` on `sharePercent` of the stable version's calls, or (nil) end the shadow.
    public static func shadow(_ model: String, version: Int?, sharePercent: Int = 10) -> ControlCommand {
        ControlCommand(operation: .shadow, model: model, version: version, sharePercent: version == nil ? nil : sharePercent)
    }

    /// The entry's fields, in the order the contract lists them.
    public var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [("type", "command"), ("op", operation.rawValue), ("model", model)]
        if let version { fields.append(("version", String(version))) }
        if let canaryPercent { fields.append(("canary", String(canaryPercent))) }
        if let sharePercent { fields.append(("share", String(sharePercent))) }
        fields.append(("command_id", commandID))
        fields.append(("issued_ms", String(issuedMilliseconds)))
        return fields
    }

    /// Reads a command from an entry's fields (which must have `type=command`), checking that the fields
    /// fit the operation: activate needs a version, only activate takes a canary share, promote takes neither.
    public init(fields pairs: [(name: String, value: String)]) throws(ControlEntryError) {
        try self.init(ControlFields(pairs))
    }

    init(_ fields: ControlFields) throws(ControlEntryError) {
        let type = try fields.required("type")
        guard type == "command" else { throw .unknownType(type) }
        let op = try fields.required("op")
        guard let operation = Operation(rawValue: op) else { throw .unknownOperation(op) }
        let model = try fields.required("model")
        let version = try fields.optionalInt("version", in: 1...Int.max)
        let canary = try fields.optionalInt("canary", in: 1...100)
        let share = try fields.optionalInt("share", in: 1...100)
        if operation != .shadow, let share {
            throw .invalidField(name: "share", value: "\(share)", expected: "a share only on shadow commands")
        }
        switch operation {
        case .activate:
            guard version != nil else { throw .missingField("version") }
        case .rollback:
            guard canary == nil else { throw .invalidField(name: "canary", value: "\(canary!)", expected: "no canary share on rollback") }
        case .promote:
            guard version == nil, canary == nil else {
                throw .invalidField(
                    name: version != nil ? "version" : "canary",
                    value: "\(version ?? canary!)",
                    expected: "neither version nor canary on promote (it promotes the canary in progress)"
                )
            }
        case .shadow:
            guard canary == nil else { throw .invalidField(name: "canary", value: "\(canary!)", expected: "no canary share on shadow") }
            guard (version == nil) == (share == nil) else {
                throw .invalidField(
                    name: "share", value: share.map(String.init) ?? "", expected: "a share with a version, neither to end the shadow")
            }
        }
        self.init(
            operation: operation,
            model: model,
            version: version,
            canaryPercent: canary,
            sharePercent: share,
            commandID: try fields.required("command_id"),
            issuedMilliseconds: try fields.milliseconds("issued_ms")
        )
    }
}

/// The wall clock the control plane stamps entries with.
public enum ControlClock {
    /// Now, as Unix milliseconds.
    public static func nowMilliseconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }
}
