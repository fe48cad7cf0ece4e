import AugurLog
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension BrokerConfiguration {
    /// Reads a Redis-style configuration file (`directive value...` lines, `#` comments, quoted strings)
    /// on top of the defaults.
    public static func load(file path: String) throws(BrokerConfigurationError) -> BrokerConfiguration {
        var configuration = BrokerConfiguration()
        try configuration.apply(fileContents: try readFile(path), fileName: path)
        return configuration
    }

    /// Applies every directive of `contents`; errors name `fileName:line`.
    public mutating func apply(fileContents contents: String, fileName: String) throws(BrokerConfigurationError) {
        var lineNumber = 0
        for line in contents.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let location = "\(fileName):\(lineNumber)"
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            let words: [String]
            do {
                words = try ConfigLineTokenizer.words(of: String(trimmed))
            } catch {
                let reason =
                    error == .unbalancedQuotes ? "unbalanced quotes" : "a closing quote must be followed by a space"
                throw .badQuoting(location: location, reason: reason)
            }
            guard let directive = words.first else { continue }
            try apply(directive: directive, values: Array(words.dropFirst()), location: location)
        }
    }

    /// Applies one directive (as in the file, or from a command-line flag); `location` names its origin.
    public mutating func apply(directive: String, values: [String], location: String) throws(BrokerConfigurationError) {
        let name = directive.lowercased()
        let reader = DirectiveValues(directive: name, values: values, location: location)
        switch name {
        case "bind": bindAddress = try reader.single()
        case "port": port = try reader.integer(in: 0...65535)
        case "tcp-backlog": tcpBacklog = try reader.integer(in: 1...65535)
        case "tcp-keepalive": tcpKeepaliveSeconds = try reader.integer(in: 0...Int(Int32.max))
        case "timeout": idleTimeoutSeconds = try reader.integer(in: 0...Int(Int32.max))
        case "maxclients": maxClients = try reader.integer(in: 1...1_000_000)
        case "dir": dataDirectory = try reader.single()
        case "appendfilename":
            let fileName = try reader.single()
            guard !fileName.isEmpty, !fileName.contains("/") else {
                throw .invalidValue(
                    location: location, directive: name, value: fileName, expected: "a file name without '/'")
            }
            appendFileName = fileName
        case "appendfsync":
            let value = try reader.single()
            guard let policy = FsyncPolicy(rawValue: value.lowercased()) else {
                throw .invalidValue(location: location, directive: name, value: value, expected: "always, everysec or no")
            }
            appendFsync = policy
        case "auto-aof-rewrite-percentage": autoRewritePercentage = try reader.integer(in: 0...Int(Int32.max))
        case "auto-aof-rewrite-min-size": autoRewriteMinBytes = try reader.bytes()
        case "requirepass": users.setDefaultPassword(try reader.single())
        case "user":
            guard let userName = values.first else {
                throw .wrongArgumentCount(location: location, directive: name, expected: "a user name and rules")
            }
            do {
                try users.apply(rules: Array(values.dropFirst()), toUser: userName)
            } catch {
                throw .invalidValue(
                    location: location, directive: name, value: values.joined(separator: " "),
                    expected: error.description)
            }
        case "proto-max-bulk-len": protoMaxBulkLength = try reader.bytes(minimum: 1024 * 1024)
        case "proto-max-multibulk-len": protoMaxArguments = try reader.integer(in: 1...Int(Int32.max))
        case "proto-max-inline-len": protoMaxInlineLength = try reader.bytes(minimum: 1024)
        case "client-query-buffer-limit": clientQueryBufferLimit = try reader.bytes(minimum: 1024 * 1024)
        case "client-output-pause": clientOutputPauseBytes = try reader.bytes(minimum: 1024)
        case "client-output-buffer-limit": clientOutputBufferLimit = try reader.outputBufferLimit()
        case "loglevel": logLevel = try reader.logLevel()
        default: throw .unknownDirective(location: location, directive: directive)
        }
    }

    private static func readFile(_ path: String) throws(BrokerConfigurationError) -> String {
        guard let file = fopen(path, "r") else {
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                if ferror(file) != 0 { throw .unreadableFile(path: path, reason: String(cString: strerror(errno))) }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Checked access to the values of one directive.
private struct DirectiveValues {
    let directive: String
    let values: [String]
    let location: String

    func single() throws(BrokerConfigurationError) -> String {
        guard values.count == 1 else {
            throw .wrongArgumentCount(location: location, directive: directive, expected: "exactly one value")
        }
        return values[0]
    }

    func integer(in range: ClosedRange<Int>) throws(BrokerConfigurationError) -> Int {
        let text = try single()
        guard let value = Int(text), range.contains(value) else {
            throw .invalidValue(
                location: location, directive: directive, value: text,
                expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func bytes(minimum: Int = 0) throws(BrokerConfigurationError) -> Int {
        let text = try single()
        return try Self.parseBytes(text, minimum: minimum, directive: directive, location: location)
    }

    func logLevel() throws(BrokerConfigurationError) -> Logger.Level {
        let text = try single()
        switch text.lowercased() {
        case "trace": return .trace
        case "debug": return .debug
        case "verbose", "info": return .info
        case "notice": return .notice
        case "warning": return .warning
        case "error": return .error
        case "critical": return .critical
        default:
            throw .invalidValue(
                location: location, directive: directive, value: text,
                expected: "debug, verbose, notice or warning (or trace, info, error, critical)")
        }
    }

    func outputBufferLimit() throws(BrokerConfigurationError) -> BrokerConfiguration.OutputBufferLimit {
        guard values.count == 4 else {
            throw .wrongArgumentCount(
                location: location, directive: directive, expected: "four values: normal <hard> <soft> <seconds>")
        }
        guard values[0].lowercased() == "normal" else {
            throw .invalidValue(
                location: location, directive: directive, value: values[0],
                expected: "'normal' (the broker has no replica or pub/sub clients)")
        }
        let hard = try Self.parseBytes(values[1], minimum: 0, directive: directive, location: location)
        let soft = try Self.parseBytes(values[2], minimum: 0, directive: directive, location: location)
        guard let seconds = Int(values[3]), seconds >= 0 else {
            throw .invalidValue(
                location: location, directive: directive, value: values[3], expected: "a number of seconds")
        }
        return .init(hardBytes: hard, softBytes: soft, softSeconds: seconds)
    }

    /// Redis memory units: `1k` = 1000, `1kb` = 1024, likewise m/mb and g/gb; case-insensitive.
    static func parseBytes(
        _ text: String, minimum: Int, directive: String, location: String
    ) throws(BrokerConfigurationError) -> Int {
        let lower = text.lowercased()
        let units: [(suffix: String, factor: Int)] = [
            ("kb", 1024), ("mb", 1024 * 1024), ("gb", 1024 * 1024 * 1024),
            ("k", 1000), ("m", 1_000_000), ("g", 1_000_000_000), ("b", 1),
        ]
        var digits = Substring(lower)
        var factor = 1
        for unit in units where lower.hasSuffix(unit.suffix) {
            digits = lower.dropLast(unit.suffix.count)
            factor = unit.factor
            break
        }
        guard let number = Int(digits), number >= 0, case let (value, overflow) = number.multipliedReportingOverflow(by: factor),
            !overflow, value >= minimum
        else {
            throw .invalidValue(
                location: location, directive: directive, value: text,
                expected: "a size of at least \(minimum) bytes (units: k, kb, m, mb, g, gb)")
        }
        return value
    }
}
