import AugurRESP

/// A sender that can also pipeline several commands in one write: `RedisClient` and `RedisConnection`.
public protocol RedisBatchSending: RedisCommandSending {
    /// Writes all `commands` at once and returns their replies in order (error replies as `.error`).
    func sendBatch(_ commands: [RESPCommand]) async throws -> [RESPValue]
}

extension RedisClient: RedisBatchSending {}
extension RedisConnection: RedisBatchSending {}
