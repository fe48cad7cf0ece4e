import AugurRedisClient

/// One entry of the control stream: a command for the daemons or a report from one.
public enum ControlEntry: Sendable, Equatable {
    /// An operator's command.
    case command(ControlCommand)
    /// A daemon's report.
    case report(DaemonReport)

    /// Reads an entry; throws for one that is neither a well-formed command nor a well-formed report.
    public init(message: StreamMessage) throws(ControlEntryError) {
        let fields = ControlFields(message)
        let type = try fields.required("type")
        switch type {
        case "command": self = .command(try ControlCommand(fields))
        case "report": self = .report(try DaemonReport(fields))
        default: throw .unknownType(type)
        }
    }
}
