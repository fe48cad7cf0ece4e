import Testing

/// Asks `observer` for INFO `section` until `condition` holds for its text (at most about 30 s).
func waitForInfo(
    _ observer: TestRESPClient, section: String, until condition: (String) -> Bool
) async throws -> Bool {
    for _ in 0..<600 {
        let text = try #require(try await observer.command("INFO", section)?.text)
        if condition(text) { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return false
}

/// Waits until the server reports exactly `count` blocked clients.
func waitForBlockedClients(_ observer: TestRESPClient, count: Int) async throws -> Bool {
    try await waitForInfo(observer, section: "clients") { $0.contains("\r\nblocked_clients:\(count)\r\n") }
}

/// Waits until the server reports exactly `count` connected clients.
func waitForConnectedClients(_ observer: TestRESPClient, count: Int) async throws -> Bool {
    try await waitForInfo(observer, section: "clients") { $0.contains("connected_clients:\(count)\r\n") }
}
