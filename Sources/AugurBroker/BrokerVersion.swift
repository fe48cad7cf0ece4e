/// The versions the broker reports.
public enum BrokerVersion {
    /// Augur's own version.
    public static let augur = "0.1.0"
    /// The Redis version whose behaviour the broker follows; HELLO reports it so clients pick the right dialect.
    public static let redisCompatible = "7.0.15"
    /// INFO's `redis_version`: the Redis version followed by Augur's.
    public static let info = "\(redisCompatible)-augur-\(augur)"
}
