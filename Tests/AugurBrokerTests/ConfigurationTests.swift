import AugurBroker
import Testing

@Suite("Broker configuration")
struct ConfigurationTests {
    static let shippedFile: String = {
        let testFile = #filePath
        var parts = testFile.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/brokerconf/broker.conf"
    }()

    @Test("the shipped broker.conf parses and equals the documented defaults")
    func shippedFileMatchesDefaults() throws {
        let loaded = try BrokerConfiguration.load(file: Self.shippedFile)
        #expect(loaded == BrokerConfiguration())
    }

    @Test("directives, comments and quoted values are applied")
    func directivesApply() throws {
        var configuration = BrokerConfiguration()
        try configuration.apply(
            fileContents: """
                # a comment
                port 7001
                   bind 0.0.0.0
                dir "/tmp/with space"
                appendfsync always
                requirepass 'p a\\'ss'
                client-output-buffer-limit normal 1mb 512kb 10
                auto-aof-rewrite-min-size 1g
                """, fileName: "test.conf")
        #expect(configuration.port == 7001)
        #expect(configuration.bindAddress == "0.0.0.0")
        #expect(configuration.dataDirectory == "/tmp/with space")
        #expect(configuration.appendFsync == .always)
        #expect(configuration.users.authenticate(user: "default", password: Array("p a'ss".utf8)))
        #expect(configuration.clientOutputBufferLimit == .init(hardBytes: 1 << 20, softBytes: 512 << 10, softSeconds: 10))
        #expect(configuration.autoRewriteMinBytes == 1_000_000_000)
    }

    @Test("an unknown directive is an error naming file and line")
    func unknownDirectiveNamesLocation() {
        var configuration = BrokerConfiguration()
        #expect(throws: BrokerConfigurationError.unknownDirective(location: "my.conf:3", directive: "frobnicate")) {
            try configuration.apply(fileContents: "port 1\n\nfrobnicate yes\n", fileName: "my.conf")
        }
    }

    @Test("a bad value is an error naming its origin")
    func badValueNamesOrigin() {
        var configuration = BrokerConfiguration()
        #expect(throws: BrokerConfigurationError.self) {
            try configuration.apply(directive: "port", values: ["70000"], location: "--port")
        }
        do {
            try configuration.apply(directive: "appendfsync", values: ["sometimes"], location: "--appendfsync")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("--appendfsync: invalid value 'sometimes'"))
        }
    }

    @Test("unbalanced quotes are reported with the line")
    func unbalancedQuotes() {
        var configuration = BrokerConfiguration()
        #expect(throws: BrokerConfigurationError.badQuoting(location: "q.conf:1", reason: "unbalanced quotes")) {
            try configuration.apply(fileContents: "requirepass \"open\n", fileName: "q.conf")
        }
    }

    @Test("ACL user lines add users with passwords; off users cannot authenticate")
    func aclUsers() throws {
        var configuration = BrokerConfiguration()
        try configuration.apply(
            fileContents: "user alice on >one >two ~* +@all\nuser bob off >pw\nuser default on >root\n", fileName: "acl.conf")
        #expect(configuration.users.requiresAuthentication)
        #expect(configuration.users.authenticate(user: "alice", password: Array("two".utf8)))
        #expect(!configuration.users.authenticate(user: "alice", password: Array("three".utf8)))
        #expect(!configuration.users.authenticate(user: "bob", password: Array("pw".utf8)))
        #expect(configuration.users.authenticate(user: "default", password: Array("root".utf8)))
    }
}
