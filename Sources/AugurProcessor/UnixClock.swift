#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The wall clock in Unix time, as the message contract states its times (stream ids, deadlines, latencies).
public enum UnixClock {
    /// Now, in Unix microseconds.
    public static func microseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }

    /// Now, in Unix milliseconds.
    public static func milliseconds() -> UInt64 {
        microseconds() / 1000
    }
}
