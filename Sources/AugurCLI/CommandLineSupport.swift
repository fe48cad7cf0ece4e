import AugurBroker
import Logging

/// A flag that sets a broker configuration directive when given.
struct BrokerFlag {
    /// The flag as the user typed it, for error messages (`--port`).
    var flag: String
    /// The broker.conf directive it sets (`port`).
    var directive: String
    /// Its value, nil when the flag was not given.
    var value: String?
}

extension BrokerConfiguration {
    /// The broker's settings as every command that runs a broker resolves them: the defaults, then the
    /// configuration file if one is named, then the flags that were given, which win.
    static func resolve(file: String?, flags: [BrokerFlag]) throws -> BrokerConfiguration {
        var configuration = try file.map { try BrokerConfiguration.load(file: $0) } ?? BrokerConfiguration()
        for flag in flags {
            guard let value = flag.value else { continue }
            try configuration.apply(directive: flag.directive, values: [value], location: flag.flag)
        }
        return configuration
    }
}

/// Logging for long-running commands: plain lines on standard error at one level.
enum CommandLogging {
    /// Bootstraps swift-log once for the process; only `main`-level code calls this.
    static func bootstrapStandardError(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
