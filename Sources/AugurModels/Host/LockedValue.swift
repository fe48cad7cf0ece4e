import Foundation

/// A value guarded by a plain mutex. Critical sections are kept to a few loads and stores, so a lock is
/// cheaper than an actor hop on the prediction path.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access; never call out to user code (events, models) inside it.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
