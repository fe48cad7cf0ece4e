/// Why a configuration file or flag could not be used; every message names where the problem is
/// (`path:line` for the file, `--flag` for the command line).
public enum BrokerConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A line's quoting is broken.
    case badQuoting(location: String, reason: String)
    /// A directive the broker does not know.
    case unknownDirective(location: String, directive: String)
    /// A directive got the wrong number of values.
    case wrongArgumentCount(location: String, directive: String, expected: String)
    /// A value is not acceptable for its directive.
    case invalidValue(location: String, directive: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read configuration file \(path): \(reason)"
        case .badQuoting(let location, let reason):
            return "\(location): \(reason)"
        case .unknownDirective(let location, let directive):
            return "\(location): unknown directive '\(directive)' (see brokerconf/broker.conf for the list)"
        case .wrongArgumentCount(let location, let directive, let expected):
            return "\(location): '\(directive)' takes \(expected)"
        case .invalidValue(let location, let directive, let value, let expected):
            return "\(location): invalid value '\(value)' for '\(directive)': expected \(expected)"
        }
    }
}
