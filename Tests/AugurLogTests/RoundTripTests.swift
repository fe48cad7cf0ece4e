import Foundation
import NIOCore
import Testing

@testable import AugurLog

@Suite("Append log round trip")
struct RoundTripTests {
    @Test("records come back in order with their exact bytes")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var rng = SplitMix64(seed: 1)
        let records = randomRecords(count: 500, maxLength: 3000, using: &rng)
        try writeLog(records, in: directory)
        let (read, report) = try readLog(in: directory)
        #expect(read == records)
        #expect(report.records == records.count)
        #expect(report.damage == nil)
        #expect(report.fileSize == Int64(frameOffsets(records).last!))
    }

    @Test("a record bigger than the read chunk round-trips")
    func largeRecord() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let big = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try writeLog([[1], big, [2, 3]], in: directory)
        #expect(try readLog(in: directory).records == [[1], big, [2, 3]])
    }

    @Test("reopening appends after the existing records")
    func reopenAppends() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[1], [2]], in: directory)
        try writeLog([[3]], in: directory)
        #expect(try readLog(in: directory).records == [[1], [2], [3]])
    }

    @Test("a new log file starts with the magic and format version")
    func header() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([], in: directory)
        #expect(try fileBytes(directory.logPath) == Array("AUGURLOG".utf8) + [1, 0, 0, 0])
    }

    @Test("each frame is length, CRC-32C of the payload, payload, little-endian")
    func frameLayout() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([Array("abc".utf8)], in: directory)
        let crc = CRC32C.checksum(Array("abc".utf8))
        let expected: [UInt8] =
            [3, 0, 0, 0] + withUnsafeBytes(of: crc.littleEndian) { Array($0) } + Array("abc".utf8)
        #expect(Array(try fileBytes(directory.logPath).dropFirst(LogFormat.headerLength)) == expected)
    }

    @Test("commit without replay validates the file first, so records never follow a torn tail")
    func commitWithoutReplayCutsTail() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[1, 1], [2, 2]], in: directory)
        let whole = try fileBytes(directory.logPath)
        try writeFileBytes(Array(whole.dropLast(1)), to: directory.logPath)
        let log = try openLog(directory)
        log.append(buffer([3, 3]))
        try log.commit()
        try log.close()
        #expect(try readLog(in: directory).records == [[1, 1], [3, 3]])
    }

    @Test("replay after a commit is refused")
    func replayOnlyFirst() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory)
        _ = try log.replay { _ in }
        #expect(throws: AppendLogError.replayNotAllowed(path: directory.logPath)) { try log.replay { _ in } }
        try log.close()
    }

    @Test("an error thrown by the replay body propagates and nothing is cut")
    func replayBodyError() throws {
        struct Stop: Error {}
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[1], [2], [3]], in: directory)
        let before = try fileBytes(directory.logPath)
        let log = try openLog(directory)
        var seen = 0
        #expect(throws: Stop.self) {
            try log.replay { _ in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        try log.close()
        #expect(try fileBytes(directory.logPath) == before)
    }

    @Test("a file that is not an Augur log is refused and left alone")
    func foreignFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let foreign = Array("REDIS0011 some rdb bytes".utf8)
        try writeFileBytes(foreign, to: directory.logPath)
        #expect(throws: AppendLogError.notAnAugurLog(path: directory.logPath)) { try openLog(directory) }
        #expect(try fileBytes(directory.logPath) == foreign)
    }

    @Test("a newer format version is refused with both versions named")
    func newerVersion() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeFileBytes(Array("AUGURLOG".utf8) + [2, 0, 0, 0], to: directory.logPath)
        let expected = AppendLogError.unsupportedVersion(path: directory.logPath, found: 2, supported: 1)
        #expect(throws: expected) { try openLog(directory) }
        #expect(expected.description.contains("version 2"))
    }

    @Test("a header torn during creation is written again")
    func tornHeader() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeFileBytes(Array("AUGU".utf8), to: directory.logPath)
        try writeLog([[9]], in: directory)
        #expect(try readLog(in: directory).records == [[9]])
    }

    @Test("the data directory is created with its parents")
    func createsDirectory() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let nested = root.path + "/a/b/c"
        let log = try AppendLog(configuration: .init(directory: nested, fsync: .no), logger: CapturedLogs().logger())
        log.append(buffer([5]))
        try log.commit()
        try log.close()
        #expect(FileManager.default.fileExists(atPath: nested + "/augur.aof"))
    }

    @Test("counters report bytes written and records replayed")
    func counters() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[1], [2], [3]], in: directory)
        let log = try openLog(directory)
        _ = try log.replay { _ in }
        log.append(buffer([4, 4]))
        try log.commit()
        let statistics = log.statistics
        #expect(statistics.recordsReplayed == 3)
        #expect(statistics.bytesWritten == UInt64(LogFormat.frameHeaderLength + 2))
        #expect(statistics.currentSize == Int64(try fileSize(directory.logPath)))
        try log.close()
    }
}
