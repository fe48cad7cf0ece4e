import AugurRESP
import NIOCore
import Testing

@Suite("Blocking reads")
struct BlockingTests {
    @Test("a blocked XREAD is woken by another client's XADD")
    func xreadWokenByXadd() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let reader = try await TestRESPClient.connect(to: address)
            let writer = try await TestRESPClient.connect(to: address)
            try await reader.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
            #expect(try await waitForBlockedClients(writer, count: 1))
            #expect(try await writer.command("XADD", "s", "5-1", "f", "v") == .bulk("5-1"))
            let expected: RESPValue = .array([
                .array([.bulk("s"), .array([.array([.bulk("5-1"), .array([.bulk("f"), .bulk("v")])])])])
            ])
            #expect(try await reader.read() == expected)
            await reader.close()
            await writer.close()
        }
    }

    @Test("commands pipelined after a blocking read wait until it is served, then run in order")
    func pipelinedCommandsWait() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let reader = try await TestRESPClient.connect(to: address)
            let writer = try await TestRESPClient.connect(to: address)
            var batch = TestRESPClient.encode(["XREAD", "BLOCK", "0", "STREAMS", "s", "$"])
            batch.writeImmutableBuffer(TestRESPClient.encode(["XLEN", "s"]))
            batch.writeImmutableBuffer(TestRESPClient.encode(["PING"]))
            try await reader.sendRaw(batch)
            #expect(try await waitForBlockedClients(writer, count: 1))
            #expect(try await writer.command("XADD", "s", "1-1", "a", "b") == .bulk("1-1"))
            let first = try #require(try await reader.read())
            #expect(first.elements?.count == 1)
            #expect(try await reader.read() == .integer(1))
            #expect(try await reader.read() == .simpleString("PONG"))
            await reader.close()
            await writer.close()
        }
    }

    @Test("a blocking read with a timeout replies with a null array when nothing arrives")
    func timeoutRepliesNull() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let reader = try await TestRESPClient.connect(to: address)
            #expect(try await reader.command("XREAD", "BLOCK", "20", "STREAMS", "s", "$") == .nullArray)
            #expect(try await reader.command("PING") == .simpleString("PONG"))
            await reader.close()
        }
    }

    @Test("a client that disconnects while blocked leaves nothing behind")
    func disconnectWhileBlocked() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let observer = try await TestRESPClient.connect(to: address)
            let leaver = try await TestRESPClient.connect(to: address)
            try await leaver.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
            #expect(try await waitForBlockedClients(observer, count: 1))
            await leaver.close()
            #expect(try await waitForConnectedClients(observer, count: 1))
            #expect(try await waitForBlockedClients(observer, count: 0))
            #expect(try await observer.command("XADD", "s", "1-1", "k", "v") == .bulk("1-1"))

            let reader = try await TestRESPClient.connect(to: address)
            try await reader.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
            #expect(try await waitForBlockedClients(observer, count: 1))
            #expect(try await observer.command("XADD", "s", "2-1", "k", "w") == .bulk("2-1"))
            let reply = try #require(try await reader.read())
            #expect(reply.elements?.first?.elements?.first == .bulk("s"))
            await reader.close()
            await observer.close()
        }
    }

    @Test("a blocked XREADGROUP is served by XADD and the delivery is recorded in the group")
    func xreadgroupWoken() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let consumer = try await TestRESPClient.connect(to: address)
            let producer = try await TestRESPClient.connect(to: address)
            #expect(try await producer.command("XGROUP", "CREATE", "jobs", "g", "$", "MKSTREAM") == .ok)
            try await consumer.send("XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "jobs", ">")
            #expect(try await waitForBlockedClients(producer, count: 1))
            #expect(try await producer.command("XADD", "jobs", "7-0", "n", "1") == .bulk("7-0"))
            let delivered = try #require(try await consumer.read())
            #expect(delivered.elements?.first?.elements?.first == .bulk("jobs"))
            let pending = try #require(try await producer.command("XPENDING", "jobs", "g")?.elements)
            #expect(pending.first == .integer(1))
            await consumer.close()
            await producer.close()
        }
    }

    @Test("XGROUP DESTROY wakes a client blocked on that group with NOGROUP")
    func groupDestroyWakesBlockedReader() async throws {
        try await BrokerHarness.withScratchBroker { address in
            let consumer = try await TestRESPClient.connect(to: address)
            let admin = try await TestRESPClient.connect(to: address)
            #expect(try await admin.command("XGROUP", "CREATE", "gone", "g", "$", "MKSTREAM") == .ok)
            try await consumer.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "gone", ">")
            #expect(try await waitForBlockedClients(admin, count: 1))
            #expect(try await admin.command("XGROUP", "DESTROY", "gone", "g") == .integer(1))
            #expect(
                try await consumer.read()
                    == .error("NOGROUP the consumer group this client was blocked on no longer exists"))
            await consumer.close()
            await admin.close()
        }
    }
}
