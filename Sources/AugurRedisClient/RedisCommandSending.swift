import AugurRESP

/// Something that sends commands and returns their replies: a `RedisConnection` or a reconnecting `RedisClient`.
///
/// The typed stream helpers (`xadd`, `xreadgroup`, …) are written once against this protocol.
public protocol RedisCommandSending: Sendable {
    /// Sends one command and returns its reply; an error reply throws `RedisError.server`.
    ///
    /// `blockingFor` is how long the command may block on the server (`BLOCK ms`): it is added to the
    /// command timeout, and `.zero` (block forever) lifts the timeout. Nil for ordinary commands.
    func send(_ command: RESPCommand, blockingFor: Duration?) async throws -> RESPValue
}

extension RedisCommandSending {
    /// Sends one non-blocking command and returns its reply; an error reply throws `RedisError.server`.
    public func send(_ command: RESPCommand) async throws -> RESPValue {
        try await send(command, blockingFor: nil)
    }
}

extension Optional where Wrapped == Duration {
    /// The reply deadline for a command that may block for `blockingFor` under this base timeout.
    func extended(blockingFor: Duration?) -> Duration? {
        guard let base = self else { return nil }
        guard let blockingFor else { return base }
        return blockingFor == .zero ? nil : base + blockingFor
    }
}
