/// How the daemon reaches Kafka: the bootstrap brokers and any librdkafka setting to pass through.
public struct KafkaClientConfiguration: Sendable {
    /// `HOST:PORT` of one or more brokers to bootstrap from (librdkafka `bootstrap.servers`).
    public var bootstrapServers: [String]
    /// librdkafka settings (`security.protocol`, `sasl.*`, `ssl.*`, timeouts, …), applied after Augur's own
    /// defaults so they win. Default: none.
    public var options: [KafkaOption]
    /// How long one consumer poll blocks its dedicated thread when nothing arrives; bounds how quickly a
    /// shutdown is noticed. Default: 200 ms.
    public var pollTimeout: Duration
    /// Wait between attempts to deliver a result that failed (broker down, topic missing, …). Default: 1 s.
    public var retryBackoff: Duration

    /// Creates a configuration with the documented defaults.
    public init(
        bootstrapServers: [String],
        options: [KafkaOption] = [],
        pollTimeout: Duration = .milliseconds(200),
        retryBackoff: Duration = .seconds(1)
    ) {
        self.bootstrapServers = bootstrapServers
        self.options = options
        self.pollTimeout = pollTimeout
        self.retryBackoff = retryBackoff
    }
}

/// One librdkafka setting, `key=value`.
public struct KafkaOption: Sendable, Equatable, CustomStringConvertible {
    /// The librdkafka property name, e.g. `security.protocol`.
    public var key: String
    /// Its value.
    public var value: String

    /// Creates a setting.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Parses `key=value` (the value may contain `=`); nil when there is no `=` or the key is empty.
    public init?(parsing text: String) {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = text[..<equals].trimmingSpaces
        guard !key.isEmpty else { return nil }
        self.init(key: key, value: String(text[text.index(after: equals)...]))
    }

    /// `key=value`.
    public var description: String { "\(key)=\(value)" }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
