import AugurModels
import AugurRuntime
import Foundation
import Logging

/// A lock-protected box for state shared between test threads and event callbacks.
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func update<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }

    var current: Value { update { $0 } }
}

/// Float input `[1, width]` of zeros for the `Y = X + C` test models.
func zerosInput(width: Int = 4) -> [String: Value] {
    ["X": .tensor(Tensor(shape: [1, width], elements: [Float](repeating: 0, count: width)))]
}

/// The distinct element values of output `Y`.
func outputValues(_ outputs: [String: Value]) -> Set<Float> {
    Set(outputs["Y"]?.tensor?.floats ?? [])
}

/// The resident set size of this process in kB (`VmRSS` in /proc/self/status).
func residentKilobytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
    return nil
}

/// A logger that keeps test output to errors only.
let quietLogger: Logger = {
    var logger = Logger(label: "augur.models.tests")
    logger.logLevel = .error
    return logger
}()
