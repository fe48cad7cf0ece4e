/// Why a control stream entry could not be read; such entries are logged and skipped, never applied.
public enum ControlEntryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field the entry needs is absent.
    case missingField(String)
    /// A field holds a value of the wrong form.
    case invalidField(name: String, value: String, expected: String)
    /// The `type` field is neither `command` nor `report`.
    case unknownType(String)
    /// The `op` field names no operation daemons know.
    case unknownOperation(String)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .missingField(let name):
            return "the control entry has no '\(name)' field; it was skipped"
        case .invalidField(let name, let value, let expected):
            return "the control entry's '\(name)' is '\(value)', expected \(expected); it was skipped"
        case .unknownType(let type):
            return "the control entry has type '\(type)', expected command or report; it was skipped"
        case .unknownOperation(let operation):
            return "the control command has op '\(operation)', expected activate, rollback, promote or shadow; it was skipped"
        }
    }
}
