import AugurRESP
import NIOCore
import Testing

@Suite("Protocol errors")
struct ProtocolErrorTests {
    static let cases: [(input: String, error: String)] = [
        ("*abc\r\n", "ERR Protocol error: invalid multibulk length"),
        ("*1\r\n+foo\r\n", "ERR Protocol error: expected '$', got '+'"),
        ("*1\r\n$999999999999\r\n", "ERR Protocol error: invalid bulk length"),
        ("*1\r\n$-3\r\n", "ERR Protocol error: invalid bulk length"),
        (String(repeating: "A", count: 70_000), "ERR Protocol error: too big inline request"),
        ("ECHO \"unbalanced\r\n", "ERR Protocol error: unbalanced quotes in request"),
    ]

    @Test("malformed input gets the protocol error after earlier replies, then the connection closes", arguments: 0..<cases.count)
    func malformedInput(caseIndex: Int) async throws {
        let (input, error) = Self.cases[caseIndex]
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            try await client.sendRaw("PING\r\n" + input)
            #expect(try await client.read() == .simpleString("PONG"))
            #expect(try await client.read() == .error(error))
            #expect(await client.readUntilClosed() == 0)
            await client.close()
        }
    }

    @Test("a protocol error closes only the offending connection; another client's pipeline is intact")
    func otherClientsUnaffected() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let good = try await TestRESPClient.connect(to: address)
            let bad = try await TestRESPClient.connect(to: address)
            var pipeline = ByteBuffer()
            for index in 0..<500 { pipeline.writeImmutableBuffer(TestRESPClient.encode(["ECHO", "\(index)"])) }
            try await good.sendRaw(pipeline)
            try await bad.sendRaw("*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n*1\r\n$x\r\n")
            #expect(try await bad.read() == .bulk("abc"))
            #expect(try await bad.read() == .error("ERR Protocol error: invalid bulk length"))
            #expect(await bad.readUntilClosed() == 0)
            for index in 0..<500 {
                #expect(try await good.read() == .bulk("\(index)"))
            }
            #expect(try await good.command("PING") == .simpleString("PONG"))
            await good.close()
            await bad.close()
        }
    }

    @Test("binary junk and half-sent commands from vanishing clients leave the server serving")
    func junkAndVanishingClients() async throws {
        try await BrokerHarness.withScratchBroker { address in
            var generator = SplitMix64(seed: 42)
            for round in 0..<20 {
                let client = try await TestRESPClient.connect(to: address)
                var junk = ByteBuffer()
                if round % 2 == 0 {
                    for _ in 0..<(1 + Int(generator.next() % 4096)) { junk.writeInteger(UInt8(truncatingIfNeeded: generator.next())) }
                } else {
                    junk.writeString("*3\r\n$4\r\nECHO\r\n$10\r\nhal")
                }
                try await client.sendRaw(junk)
                await client.close()
            }
            let survivor = try await TestRESPClient.connect(to: address)
            #expect(try await survivor.command("PING") == .simpleString("PONG"))
            await survivor.close()
        }
    }
}

/// A small deterministic random source so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
