import AugurRESP
import NIOCore
import Testing

@Suite("Connection-level commands")
struct ConnectionCommandTests {
    @Test("PING replies PONG, PING msg echoes msg")
    func ping() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("PING") == .simpleString("PONG"))
            #expect(try await client.command("PING", "hi") == .bulk("hi"))
            #expect(try await client.command("ECHO", "x y") == .bulk("x y"))
            await client.close()
        }
    }

    @Test("HELLO 3 switches to RESP3 and replies with a map")
    func hello3() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            let reply = try #require(try await client.command("HELLO", "3"))
            guard case .map(let entries) = reply else {
                Issue.record("expected a map, got \(reply)")
                return
            }
            let keys = entries.compactMap { $0.key.text }
            #expect(keys == ["server", "version", "proto", "id", "mode", "role", "modules"])
            #expect(entries[2].value == .integer(3))
            #expect(try await client.command("CLIENT", "GETNAME") == .null)
            await client.close()
        }
    }

    @Test("HELLO with an unsupported version replies NOPROTO")
    func helloNoProto() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("HELLO", "4") == .error("NOPROTO unsupported protocol version"))
            #expect(try await client.command("HELLO", "x") == .error("ERR Protocol version is not an integer or out of range"))
            await client.close()
        }
    }

    @Test("an unknown command gets Redis's exact error text")
    func unknownCommand() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(
                try await client.command("foo", "a", "b")
                    == .error("ERR unknown command 'foo', with args beginning with: 'a' 'b' "))
            #expect(try await client.command("NOPE") == .error("ERR unknown command 'NOPE', with args beginning with: "))
            await client.close()
        }
    }

    @Test("SELECT 0 succeeds and other databases are out of range")
    func select() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("SELECT", "0") == .ok)
            #expect(try await client.command("SELECT", "1") == .error("ERR DB index is out of range"))
            #expect(try await client.command("SELECT", "a") == .error("ERR value is not an integer or out of range"))
            await client.close()
        }
    }

    @Test("CLIENT SETNAME, GETNAME, ID and LIST describe the connection")
    func clientSubcommands() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            #expect(try await client.command("CLIENT", "SETNAME", "worker-1") == .ok)
            #expect(try await client.command("CLIENT", "GETNAME") == .bulk("worker-1"))
            #expect(
                try await client.command("CLIENT", "SETNAME", "a b")
                    == .error("ERR Client names cannot contain spaces, newlines or special characters."))
            guard case .integer(let id) = try #require(try await client.command("CLIENT", "ID")) else {
                Issue.record("CLIENT ID is not an integer")
                return
            }
            let list = try #require(try await client.command("CLIENT", "LIST")?.text)
            #expect(list.hasPrefix("id=\(id) addr="))
            #expect(list.contains(" name=worker-1 "))
            #expect(list.contains(" cmd=client|list "))
            #expect(
                try await client.command("CLIENT", "NOPE")
                    == .error("ERR unknown subcommand 'NOPE'. Try CLIENT HELP."))
            await client.close()
        }
    }

    @Test("INFO has Redis's section format with an augur version")
    func info() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            let text = try #require(try await client.command("INFO")?.text)
            #expect(text.hasPrefix("# Server\r\nredis_version:7.0.15-augur"))
            for section in ["# Clients\r\n", "# Memory\r\n", "# Persistence\r\n", "# Stats\r\n", "# Keyspace\r\n"] {
                #expect(text.contains(section))
            }
            let keyspace = try #require(try await client.command("INFO", "keyspace")?.text)
            #expect(keyspace == "# Keyspace\r\n")
            await client.close()
        }
    }

    @Test("COMMAND COUNT, INFO and DOCS describe the commands")
    func commandIntrospection() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            guard case .integer(let count) = try #require(try await client.command("COMMAND", "COUNT")) else {
                Issue.record("COMMAND COUNT is not an integer")
                return
            }
            let all = try #require(try await client.command("COMMAND")?.elements)
            #expect(all.count == Int(count))
            let info = try #require(try await client.command("COMMAND", "INFO", "ping", "nosuch")?.elements)
            #expect(info.count == 2)
            #expect(info[0].elements?.first == .bulk("ping"))
            #expect(info[1] == .nullArray)
            let docs = try #require(try await client.command("COMMAND", "DOCS", "ping")?.elements)
            #expect(docs.first == .bulk("ping"))
            await client.close()
        }
    }

    @Test("QUIT replies OK and closes the connection")
    func quit() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            try await client.sendRaw("QUIT\r\nPING\r\n")
            #expect(try await client.read() == .ok)
            #expect(await client.readUntilClosed() == 0)
            await client.close()
        }
    }
}
