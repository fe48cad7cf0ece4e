import Dispatch
import Foundation
import NIOCore
import Testing

@testable import AugurLog

/// Lets a test hold the snapshot writer until it has appended records of its own.
private final class Gate: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func open() { semaphore.signal() }
    func wait() { semaphore.wait() }
}

@Suite("Background rewrite")
struct RewriteTests {
    /// A log of `count` records, most of them superseded, so a snapshot of one record rebuilds it.
    private func bulkyLog(
        _ directory: TemporaryDirectory, count: Int = 2000,
        configure: (inout AppendLog.Configuration) -> Void = { _ in }
    ) throws -> AppendLog {
        let log = try openLog(directory, configure: configure)
        _ = try log.replay { _ in }
        for index in 0..<count { log.append(buffer(Array("old-\(index)-".utf8) + [UInt8](repeating: 0x61, count: 100))) }
        try log.commit()
        return log
    }

    private func finish(_ log: AppendLog) throws -> RewriteResult {
        try #require(try waitFor { try log.pollRewrite() })
    }

    @Test("records appended during the rewrite follow the snapshot in the new file, and the file shrinks")
    func rewriteWhileAppending() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try bulkyLog(directory)
        let sizeBefore = try fileSize(directory.logPath)
        let gate = Gate()
        try log.startRewrite { sink in
            gate.wait()
            try sink(ByteBuffer(string: "snapshot-a"))
            try sink(ByteBuffer(string: "snapshot-b"))
        }
        for index in 0..<50 {
            log.append(ByteBuffer(string: "during-\(index)"))
            try log.commit()
            #expect(try log.pollRewrite() == nil)
        }
        gate.open()
        let result = try finish(log)
        log.append(ByteBuffer(string: "after"))
        try log.commit()
        try log.close()
        let expected = ["snapshot-a", "snapshot-b"] + (0..<50).map { "during-\($0)" } + ["after"]
        let read = try readLog(in: directory).records.map { String(decoding: $0, as: UTF8.self) }
        #expect(read == expected)
        #expect(result.snapshotRecords == 2)
        #expect(result.newSize < Int64(sizeBefore))
        #expect(try fileSize(directory.logPath) < sizeBefore)
    }

    @Test("records appended but not committed before the rewrite started are not written twice")
    func pendingBeforeStartIsInSnapshot() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try bulkyLog(directory, count: 10)
        log.append(ByteBuffer(string: "uncommitted"))
        try log.startRewrite { sink in try sink(ByteBuffer(string: "state-including-uncommitted")) }
        _ = try finish(log)
        log.append(ByteBuffer(string: "next"))
        try log.commit()
        try log.close()
        let read = try readLog(in: directory).records.map { String(decoding: $0, as: UTF8.self) }
        #expect(read == ["state-including-uncommitted", "next"])
    }

    @Test("a pre-rewrite record committed during the rewrite reaches the old file but not the side buffer")
    func pendingBeforeStartCommittedDuring() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try bulkyLog(directory, count: 10)
        log.append(ByteBuffer(string: "before"))
        let gate = Gate()
        try log.startRewrite { sink in
            gate.wait()
            try sink(ByteBuffer(string: "state"))
        }
        log.append(ByteBuffer(string: "during"))
        try log.commit()
        gate.open()
        let result = try finish(log)
        try log.close()
        let read = try readLog(in: directory).records.map { String(decoding: $0, as: UTF8.self) }
        #expect(read == ["state", "during"])
        #expect(result.sideBufferBytes == LogFormat.frameHeaderLength + "during".utf8.count)
    }

    @Test("a large side buffer is moved by the background; the owner writes at most its tail limit")
    func largeSideBuffer() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try bulkyLog(directory, count: 10) { $0.rewriteOwnerTailLimit = 4096 }
        let gate = Gate()
        try log.startRewrite { sink in
            gate.wait()
            try sink(ByteBuffer(string: "state"))
        }
        let payload = [UInt8](repeating: 0x62, count: 1000)
        for _ in 0..<500 {
            log.append(buffer(payload))
            try log.commit()
        }
        gate.open()
        let result = try finish(log)
        try log.close()
        #expect(result.sideBufferBytes == 500 * (payload.count + LogFormat.frameHeaderLength))
        #expect(result.ownerWrittenBytes <= 4096)
        let read = try readLog(in: directory).records
        #expect(read.count == 501)
        #expect(read.dropFirst().allSatisfy { $0 == payload })
    }

    @Test("after a rewrite the log reopens with the rewritten records and keeps appending")
    func reopenAfterRewrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try bulkyLog(directory, count: 100)
        try log.startRewrite { sink in try sink(ByteBuffer(string: "compact")) }
        _ = try finish(log)
        try log.close()
        let reopened = try openLog(directory)
        var read: [String] = []
        _ = try reopened.replay { read.append(String(buffer: $0)) }
        reopened.append(ByteBuffer(string: "more"))
        try reopened.commit()
        try reopened.close()
        #expect(read == ["compact"])
        #expect(try readLog(in: directory).records.map { String(decoding: $0, as: UTF8.self) } == ["compact", "more"])
        #expect(try directory.files(startingWith: "augur.aof.rewrite").isEmpty)
    }

    @Test("a failing snapshot writer fails the rewrite and leaves the old log whole")
    func failingSnapshot() throws {
        struct Broken: Error {}
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try bulkyLog(directory, count: 5)
        try log.startRewrite { sink in
            try sink(ByteBuffer(string: "partial"))
            throw Broken()
        }
        log.append(ByteBuffer(string: "during"))
        try log.commit()
        var failure: Error?
        _ = try waitFor { () -> Bool? in
            do { return try log.pollRewrite() == nil ? nil : true } catch {
                failure = error
                return true
            }
        }
        #expect(failure is AppendLogError)
        #expect(log.statistics.failedRewrites == 1)
        #expect(try log.pollRewrite() == nil)
        try log.close()
        let read = try readLog(in: directory).records
        #expect(read.count == 6)
        #expect(try directory.files(startingWith: "augur.aof.rewrite").isEmpty)
    }

    @Test("a second rewrite cannot start while one runs")
    func oneAtATime() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try bulkyLog(directory, count: 5)
        let gate = Gate()
        try log.startRewrite { sink in
            gate.wait()
            try sink(ByteBuffer(string: "s"))
        }
        #expect(throws: AppendLogError.rewriteInProgress(path: directory.logPath)) {
            try log.startRewrite { _ in }
        }
        gate.open()
        _ = try finish(log)
        try log.close()
    }

    @Test("closing during a rewrite cancels it and removes the temporary file")
    func closeCancels() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try bulkyLog(directory, count: 5)
        let gate = Gate()
        try log.startRewrite { sink in
            gate.wait()
            for index in 0..<100_000 { try sink(ByteBuffer(string: "s\(index)")) }
        }
        gate.open()
        try log.close()
        #expect(try directory.files(startingWith: "augur.aof.rewrite").isEmpty)
        #expect(try readLog(in: directory).records.count == 5)
    }

    @Test("needsRewrite turns on after the configured growth above the minimum size")
    func needsRewriteThreshold() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory) {
            $0.autoRewriteMinBytes = 1000
            $0.autoRewritePercentage = 100
        }
        _ = try log.replay { _ in }
        #expect(!log.needsRewrite)
        log.append(buffer([UInt8](repeating: 1, count: 400)))
        try log.commit()
        #expect(!log.needsRewrite)
        log.append(buffer([UInt8](repeating: 1, count: 700)))
        try log.commit()
        #expect(log.needsRewrite)
        try log.startRewrite { sink in try sink(buffer([1])) }
        #expect(!log.needsRewrite)
        _ = try finish(log)
        #expect(!log.needsRewrite)
        #expect(log.statistics.rewrites == 1)
        try log.close()
    }

    @Test("a zero percentage disables automatic rewrites")
    func percentageZero() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory) {
            $0.autoRewriteMinBytes = 0
            $0.autoRewritePercentage = 0
        }
        _ = try log.replay { _ in }
        log.append(buffer([UInt8](repeating: 1, count: 5000)))
        try log.commit()
        #expect(!log.needsRewrite)
        try log.close()
    }
}

@Suite("Rewrite leftovers and counters")
struct RewriteLeftoverTests {
    @Test("a temporary file left by a crash during a rewrite is removed at open")
    func staleTemporaryRemoved() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[1]], in: directory)
        try writeFileBytes([9, 9, 9], to: directory.logPath + ".rewrite-tmp")
        let log = try openLog(directory)
        #expect(try directory.files(startingWith: "augur.aof.rewrite").isEmpty)
        try log.close()
        #expect(try readLog(in: directory).records == [[1]])
    }

    @Test("counters report rewrites and their outcome")
    func rewriteCounters() throws {
        struct Broken: Error {}
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory)
        _ = try log.replay { _ in }
        log.append(buffer([1]))
        try log.commit()
        try log.startRewrite { _ in throw Broken() }
        #expect(log.statistics.rewriteInProgress)
        _ = try? waitFor { () -> Bool? in
            do { return try log.pollRewrite() == nil ? nil : true } catch { return true }
        }
        #expect(!log.statistics.lastRewriteSucceeded)
        try log.startRewrite { sink in try sink(buffer([1])) }
        _ = try waitFor { try log.pollRewrite() }
        let statistics = log.statistics
        #expect(statistics.rewrites == 1)
        #expect(statistics.failedRewrites == 1)
        #expect(statistics.lastRewriteSucceeded)
        #expect(!statistics.rewriteInProgress)
        #expect(statistics.writesAccepted)
        try log.close()
    }
}
