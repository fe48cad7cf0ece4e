/// Rules for model names and versions, which become directory names in the repository.
public enum ModelName {
    /// The longest accepted name.
    public static let maximumLength = 128

    /// Whether `name` is acceptable: ASCII letters, digits, '.', '_' and '-', starting with a letter or digit.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= maximumLength, isAlphanumeric(first) else { return false }
        return name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Throws `ModelRepositoryError.invalidName` unless `name` is valid.
    public static func validate(_ name: String) throws(ModelRepositoryError) {
        guard isValid(name) else { throw .invalidName(name) }
    }

    /// Parses a version directory name: a positive integer in canonical decimal (no sign, no leading zeros).
    public static func parseVersion(_ text: Substring) -> Int? {
        guard let first = text.utf8.first, first != UInt8(ascii: "0"), text.utf8.count <= 18,
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(text), value > 0
        else { return nil }
        return value
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }
}

/// A reference to a model in a repository: `NAME` (the policy's version) or `NAME:VERSION`.
public struct ModelReference: Sendable, Equatable, CustomStringConvertible {
    /// The model's name.
    public var name: String
    /// The requested version; nil means the latest.
    public var version: Int?

    /// Creates a reference.
    public init(name: String, version: Int? = nil) {
        self.name = name
        self.version = version
    }

    /// Parses `NAME` or `NAME:VERSION`.
    public init(parsing text: String) throws(ModelRepositoryError) {
        if let colon = text.lastIndex(of: ":") {
            let versionText = text[text.index(after: colon)...]
            guard let version = ModelName.parseVersion(versionText) else { throw .invalidVersion(String(versionText)) }
            self.init(name: String(text[..<colon]), version: version)
        } else {
            self.init(name: text)
        }
        try ModelName.validate(name)
    }

    public var description: String { version.map { "\(name):\($0)" } ?? name }
}
