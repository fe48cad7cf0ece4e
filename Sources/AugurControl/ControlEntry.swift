import AugurRedisClient

/// One entry of the control stream: a command for the daemons or a report from one.
public enum ControlEntry: Sendable, Equatable {
    /// An operator's command.
    case command(ControlCommand)
    /// A daemon's report.
    case report(DaemonReport)

    /// Reads an entry; throws for one that is neither a well-formed command nor a well-formed report.
    public init(message: StreamMessage) throws(ControlEntryError) {
        try self.init(ControlFields(message))
    }

    /// Reads an entry from its fields; throws for one that is neither a well-formed command nor a well-formed report.
    public init(fields pairs: [(name: String, value: String)]) throws(ControlEntryError) {
        try self.init(ControlFields(pairs))
    }

    init(_ fields: ControlFields) throws(ControlEntryError) {
        let type = try fields.required("type")
        switch type {
        case "command": self = .command(try ControlCommand(fields))
        case "report": self = .report(try DaemonReport(fields))
        default: throw .unknownType(type)
        }
    }
}
