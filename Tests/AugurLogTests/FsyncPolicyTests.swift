import Foundation
import Testing

@testable import AugurLog

@Suite("Fsync policies")
struct FsyncPolicyTests {
    @Test("always: every commit with data fsyncs before it returns")
    func always() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory, fsync: .always)
        _ = try log.replay { _ in }
        for round in 1...5 {
            log.append(buffer([UInt8(round)]))
            try log.commit()
            #expect(log.statistics.fsyncs == UInt64(round))
        }
        try log.commit()
        #expect(log.statistics.fsyncs == 5)
        try log.close()
    }

    @Test("everysec: commit never fsyncs on the calling thread")
    func everysecCommitDoesNotSync() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory, fsync: .everysec) { $0.backgroundFsyncInterval = .seconds(3600) }
        _ = try log.replay { _ in }
        for round in 1...5 {
            log.append(buffer([UInt8(round)]))
            try log.commit()
        }
        #expect(log.statistics.fsyncs == 0)
        try log.close()
    }

    @Test("everysec: the background thread fsyncs written data")
    func everysecBackgroundSyncs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory, fsync: .everysec) { $0.backgroundFsyncInterval = .milliseconds(20) }
        _ = try log.replay { _ in }
        log.append(buffer([1, 2, 3]))
        try log.commit()
        let synced = try waitFor { log.statistics.fsyncs > 0 ? true : nil }
        #expect(synced == true)
        try log.close()
    }

    @Test("everysec: the background thread skips fsync when nothing was written")
    func everysecIdle() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory, fsync: .everysec) { $0.backgroundFsyncInterval = .milliseconds(5) }
        _ = try log.replay { _ in }
        log.append(buffer([1]))
        try log.commit()
        _ = try waitFor { log.statistics.fsyncs > 0 ? true : nil }
        let afterFirst = log.statistics.fsyncs
        usleep(100_000)
        #expect(log.statistics.fsyncs == afterFirst)
        try log.close()
    }

    @Test("no: commits never fsync; close does, as Redis does at shutdown")
    func no() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory, fsync: .no)
        _ = try log.replay { _ in }
        for round in 1...5 {
            log.append(buffer([UInt8(round)]))
            try log.commit()
        }
        #expect(log.statistics.fsyncs == 0)
        try log.close()
        #expect(log.statistics.fsyncs == 1)
        #expect(try readLog(in: directory).records == [[1], [2], [3], [4], [5]])
    }

    @Test("policies parse from their Redis names")
    func names() {
        #expect(FsyncPolicy(rawValue: "always") == .always)
        #expect(FsyncPolicy(rawValue: "everysec") == .everysec)
        #expect(FsyncPolicy(rawValue: "no") == FsyncPolicy.no)
        #expect(FsyncPolicy(rawValue: "sometimes") == nil)
    }
}
