/// The users clients may authenticate as, from `requirepass` and ACL-style `user` lines.
///
/// Only the parts of Redis ACLs that decide *who* may connect are kept: on/off, passwords and nopass.
/// Every enabled user may run every command (the broker has one database and no dangerous commands).
public struct BrokerUsers: Sendable, Equatable {
    /// One user and the passwords it accepts.
    public struct User: Sendable, Equatable {
        /// The name clients send in `AUTH name password`.
        public var name: String
        /// Whether the user may authenticate at all (`on` / `off`).
        public var enabled: Bool
        /// Accept any password (`nopass`).
        public var acceptsAnyPassword: Bool
        /// Accepted passwords (`>password`).
        public var passwords: [String]

        /// Creates a user.
        public init(name: String, enabled: Bool, acceptsAnyPassword: Bool, passwords: [String]) {
            self.name = name
            self.enabled = enabled
            self.acceptsAnyPassword = acceptsAnyPassword
            self.passwords = passwords
        }
    }

    /// Users by name; `default` always exists (as in Redis it starts `on nopass`).
    public private(set) var users: [String: User] = [
        "default": User(name: "default", enabled: true, acceptsAnyPassword: true, passwords: [])
    ]

    /// Creates the default set: only `default`, enabled, no password.
    public init() {}

    /// The default user, whom `AUTH password` and new connections refer to.
    public var defaultUser: User { users["default"]! }

    /// Whether a new connection must authenticate before running commands.
    public var requiresAuthentication: Bool {
        let user = defaultUser
        return !user.enabled || !user.acceptsAnyPassword
    }

    /// Sets the default user's only password (`requirepass`); an empty password means none is needed.
    public mutating func setDefaultPassword(_ password: String) {
        var user = defaultUser
        user.passwords = password.isEmpty ? [] : [password]
        user.acceptsAnyPassword = password.isEmpty
        users["default"] = user
    }

    /// Applies ACL rules to `name` (creating it `off` with no passwords, as Redis does).
    /// Understood rules: `on`, `off`, `nopass`, `resetpass`, `>password`, `<password`, `reset`,
    /// and permission rules (`~*`, `&*`, `+@all`, `allkeys`, `allcommands`, ...) which are accepted and ignored.
    public mutating func apply(rules: [String], toUser name: String) throws(BrokerUsersError) {
        var user = users[name] ?? User(name: name, enabled: false, acceptsAnyPassword: false, passwords: [])
        for rule in rules {
            switch rule.lowercased() {
            case "on": user.enabled = true
            case "off": user.enabled = false
            case "nopass":
                user.acceptsAnyPassword = true
                user.passwords = []
            case "resetpass":
                user.acceptsAnyPassword = false
                user.passwords = []
            case "reset":
                user = User(name: name, enabled: false, acceptsAnyPassword: false, passwords: [])
            case "allkeys", "allchannels", "allcommands", "nocommands", "resetkeys", "resetchannels":
                continue
            default:
                if rule.hasPrefix(">") {
                    let password = String(rule.dropFirst())
                    if !user.passwords.contains(password) { user.passwords.append(password) }
                    user.acceptsAnyPassword = false
                } else if rule.hasPrefix("<") {
                    let password = String(rule.dropFirst())
                    user.passwords.removeAll { $0 == password }
                } else if let first = rule.first, "~%&+-".contains(first) {
                    continue
                } else {
                    throw .unknownRule(user: name, rule: rule)
                }
            }
        }
        users[name] = user
    }

    /// Whether `password` lets a client in as `name`. Compares in time independent of where passwords differ.
    public func authenticate(user name: String, password: [UInt8]) -> Bool {
        guard let user = users[name], user.enabled else { return false }
        if user.acceptsAnyPassword { return true }
        var matched = false
        for candidate in user.passwords where constantTimeEquals(Array(candidate.utf8), password) {
            matched = true
        }
        return matched
    }

    private func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// Why a `user` line could not be applied.
public enum BrokerUsersError: Error, Equatable, CustomStringConvertible {
    /// A rule the broker does not understand.
    case unknownRule(user: String, rule: String)

    public var description: String {
        switch self {
        case .unknownRule(let user, let rule):
            return "unknown ACL rule '\(rule)' for user '\(user)' (understood: on, off, nopass, resetpass, reset, "
                + ">password, <password, and permission rules such as ~* +@all which are accepted and ignored)"
        }
    }
}
