import AugurRESP
import Testing

@Suite("Authentication")
struct AuthenticationTests {
    static func withPassword(_ body: (TestRESPClient) async throws -> Void) async throws {
        try await BrokerHarness.withScratchBroker(configure: { configuration in
            try? configuration.apply(
                fileContents: "requirepass sesame\nuser alice on >wonder\n", fileName: "auth-test.conf")
        }) { address in
            let client = try await TestRESPClient.connect(to: address)
            try await body(client)
            await client.close()
        }
    }

    @Test("commands before AUTH get NOAUTH")
    func noAuthBeforeAuth() async throws {
        try await Self.withPassword { (client: TestRESPClient) async throws in
            #expect(try await client.command("PING") == .error("NOAUTH Authentication required."))
            #expect(try await client.command("CLIENT", "ID") == .error("NOAUTH Authentication required."))
        }
    }

    @Test("unknown commands and wrong arity are reported before NOAUTH, as Redis does")
    func existenceAndArityBeforeAuth() async throws {
        try await Self.withPassword { (client: TestRESPClient) async throws in
            #expect(try await client.command("FOO") == .error("ERR unknown command 'FOO', with args beginning with: "))
            #expect(try await client.command("ECHO") == .error("ERR wrong number of arguments for 'echo' command"))
        }
    }

    @Test("a wrong password gets WRONGPASS and the right one OK")
    func authWithPassword() async throws {
        try await Self.withPassword { (client: TestRESPClient) async throws in
            #expect(
                try await client.command("AUTH", "nope")
                    == .error("WRONGPASS invalid username-password pair or user is disabled."))
            #expect(try await client.command("PING") == .error("NOAUTH Authentication required."))
            #expect(try await client.command("AUTH", "sesame") == .ok)
            #expect(try await client.command("PING") == .simpleString("PONG"))
        }
    }

    @Test("AUTH user password authenticates an ACL user")
    func authWithUser() async throws {
        try await Self.withPassword { (client: TestRESPClient) async throws in
            #expect(
                try await client.command("AUTH", "alice", "sesame")
                    == .error("WRONGPASS invalid username-password pair or user is disabled."))
            #expect(try await client.command("AUTH", "alice", "wonder") == .ok)
            let list = try #require(try await client.command("CLIENT", "INFO")?.text)
            #expect(list.contains(" user=alice "))
        }
    }

    @Test("HELLO without AUTH before authenticating gets HELLO's NOAUTH text")
    func helloNeedsAuth() async throws {
        try await Self.withPassword { (client: TestRESPClient) async throws in
            let reply = try await client.command("HELLO", "3")
            #expect(
                reply
                    == .error(
                        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH "
                            + "<user> <pass> option can be used to authenticate the client and select the RESP "
                            + "protocol version at the same time"))
        }
    }

    @Test("HELLO 3 AUTH authenticates and switches protocol in one step")
    func helloAuth() async throws {
        try await Self.withPassword { (client: TestRESPClient) async throws in
            let reply = try #require(try await client.command("HELLO", "3", "AUTH", "default", "sesame", "SETNAME", "n1"))
            guard case .map = reply else {
                Issue.record("expected a map, got \(reply)")
                return
            }
            #expect(try await client.command("CLIENT", "GETNAME") == .bulk("n1"))
        }
    }

    @Test("AUTH without a configured password gets Redis's hint")
    func authWithoutPassword() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(
                try await client.command("AUTH", "x")
                    == .error(
                        "ERR AUTH <password> called without any password configured for the default user. "
                            + "Are you sure your configuration is correct?"))
            await client.close()
        }
    }
}
