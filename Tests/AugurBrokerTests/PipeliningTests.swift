import AugurRESP
import NIOCore
import Testing

@Suite("Pipelining")
struct PipeliningTests {
    @Test("10,000 pipelined commands sent in one write are answered in order")
    func tenThousandInOrder() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            var batch = ByteBuffer()
            for index in 0..<10_000 {
                batch.writeImmutableBuffer(TestRESPClient.encode(index % 100 == 0 ? ["PING"] : ["ECHO", "m\(index)"]))
            }
            try await client.sendRaw(batch)
            for index in 0..<10_000 {
                let expected: RESPValue = index % 100 == 0 ? .simpleString("PONG") : .bulk("m\(index)")
                let reply = try await client.read()
                guard reply == expected else {
                    Issue.record("reply \(index) was \(String(describing: reply)), expected \(expected)")
                    break
                }
            }
            await client.close()
        }
    }

    @Test("inline commands and multibulk commands mix in one pipeline")
    func inlineAndMultibulk() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            var batch = ByteBuffer(string: "PING\r\nECHO \"two words\"\r\n")
            batch.writeImmutableBuffer(TestRESPClient.encode(["ECHO", "three"]))
            batch.writeString("ping\n")
            try await client.sendRaw(batch)
            #expect(try await client.read() == .simpleString("PONG"))
            #expect(try await client.read() == .bulk("two words"))
            #expect(try await client.read() == .bulk("three"))
            #expect(try await client.read() == .simpleString("PONG"))
            await client.close()
        }
    }

    @Test("a client that shuts its sending side after a pipeline still gets every reply, then EOF")
    func halfClosedClientGetsReplies() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let client = try await TestRESPClient.connect(to: address)
            try await client.sendRaw("PING\r\nECHO last\r\n")
            try await client.finishSending()
            #expect(try await client.read() == .simpleString("PONG"))
            #expect(try await client.read() == .bulk("last"))
            #expect(await client.readUntilClosed() == 0)
            await client.close()
        }
    }
}
