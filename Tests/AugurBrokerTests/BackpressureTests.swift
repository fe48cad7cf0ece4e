import AugurRESP
import NIOCore
import Testing

@Suite("Backpressure and output limits")
struct BackpressureTests {
    @Test("a client that does not read its replies is disconnected at the output buffer limit")
    func slowReaderDisconnected() async throws {
        try await BrokerHarness.withScratchBroker(configure: { configuration in
            configuration.clientOutputBufferLimit = .init(hardBytes: 256 << 10, softBytes: 0, softSeconds: 0)
        }) { address in
            let payload = String(repeating: "x", count: 64 << 10)
            let commandCount = 400
            let slow = try await TestRESPClient.connect(to: address)
            let observer = try await TestRESPClient.connect(to: address)
            // The writes stall once the server stops reading; send them from a child task.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for _ in 0..<commandCount {
                        do { try await slow.send("ECHO", payload) } catch { return }
                    }
                }
                var disconnected = false
                for _ in 0..<600 where !disconnected {
                    let info = try #require(try await observer.command("INFO", "stats")?.text)
                    disconnected = info.contains("client_output_buffer_limit_disconnections:1\r\n")
                    if !disconnected { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(disconnected)
                let received = await slow.readUntilClosed()
                #expect(received < commandCount)
                try await group.waitForAll()
            }
            #expect(try await observer.command("PING") == .simpleString("PONG"))
            await slow.close()
            await observer.close()
        }
    }

    @Test("a client that reads slowly but steadily gets every reply of a large pipeline")
    func pausedClientResumes() async throws {
        try await BrokerHarness.withScratchBroker(configure: { configuration in
            configuration.clientOutputPauseBytes = 64 << 10
        }) { address in
            let client = try await TestRESPClient.connect(to: address)
            let payload = String(repeating: "y", count: 16 << 10)
            var batch = ByteBuffer()
            for index in 0..<300 { batch.writeImmutableBuffer(TestRESPClient.encode(["ECHO", "\(index):" + payload])) }
            try await client.sendRaw(batch)
            for index in 0..<300 {
                let reply = try await client.read()
                guard reply?.text == "\(index):" + payload else {
                    Issue.record("reply \(index) is wrong")
                    break
                }
            }
            await client.close()
        }
    }
}
