import Foundation
import Testing

@testable import AugurLog

@Suite("Write failures")
struct WriteFailureTests {
    @Test("a full disk at open fails with the path and the errno text")
    func fullDiskAtOpen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createSymbolicLink(atPath: directory.logPath, withDestinationPath: "/dev/full")
        #expect {
            try openLog(directory)
        } throws: { error in
            let text = "\(error)"
            return text.contains(directory.logPath) && text.contains("No space left on device")
        }
    }

    @Test("a write that fails and cannot be cut back stops commits until a rewrite succeeds")
    func failedWriteIsStickyUntilRewrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory)
        _ = try log.replay { _ in }
        log.append(buffer([1]))
        try log.commit()
        let healthy = log.file
        log.file = try LogFile.openForAppend(path: "/dev/full")
        log.append(buffer([2]))
        #expect(throws: AppendLogError.self) { try log.commit() }
        #expect(!log.statistics.writesAccepted)
        log.file = healthy
        #expect {
            try log.commit()
        } throws: { error in
            guard case AppendLogError.unusable = error else { return false }
            return true
        }
        try log.startRewrite { sink in
            try sink(buffer([1]))
            try sink(buffer([2]))
        }
        _ = try #require(try waitFor { try log.pollRewrite() })
        #expect(log.statistics.writesAccepted)
        log.append(buffer([3]))
        try log.commit()
        try log.close()
        #expect(try readLog(in: directory).records == [[1], [2], [3]])
    }
}
