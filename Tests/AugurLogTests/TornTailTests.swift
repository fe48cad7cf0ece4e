import Foundation
import Testing

@testable import AugurLog

@Suite("Torn and damaged tails")
struct TornTailTests {
    @Test("a cut at every byte offset of the last frame drops only that frame", arguments: [11, 12, 13, 14, 15] as [UInt64])
    func everyOffsetOfLastFrame(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let records = randomRecords(count: Int.random(in: 1...12, using: &rng), maxLength: 64, using: &rng)
        let source = try TemporaryDirectory()
        defer { source.remove() }
        try writeLog(records, in: source)
        let whole = try fileBytes(source.logPath)
        let offsets = frameOffsets(records)
        let lastStart = offsets[records.count - 1]
        for cut in lastStart..<whole.count {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try writeFileBytes(Array(whole[..<cut]), to: directory.logPath)
            let (read, report) = try readLog(in: directory)
            #expect(read == Array(records.dropLast()), "cut at \(cut)")
            #expect(try fileSize(directory.logPath) == lastStart)
            if cut == lastStart {
                #expect(report.damage == nil)
            } else {
                #expect(report.damage?.kind == .truncatedFrame)
                #expect(report.damage?.droppedBytes == Int64(cut - lastStart))
            }
        }
    }

    @Test("a cut anywhere keeps exactly the frames that end before it", arguments: [21, 22, 23] as [UInt64])
    func randomCutPoints(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let records = randomRecords(count: 40, maxLength: 300, using: &rng)
        let source = try TemporaryDirectory()
        defer { source.remove() }
        try writeLog(records, in: source)
        let whole = try fileBytes(source.logPath)
        let offsets = frameOffsets(records)
        for _ in 0..<25 {
            let cut = Int.random(in: LogFormat.headerLength...whole.count, using: &rng)
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try writeFileBytes(Array(whole[..<cut]), to: directory.logPath)
            let kept = offsets.dropFirst().filter { $0 <= cut }.count
            let (read, _) = try readLog(in: directory)
            #expect(read == Array(records.prefix(kept)), "cut at \(cut)")
            #expect(try fileSize(directory.logPath) == offsets[kept])
        }
    }

    @Test("the cut is logged with the bytes and records dropped")
    func cutIsLogged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[1, 2, 3], [4, 5, 6, 7]], in: directory)
        let whole = try fileBytes(directory.logPath)
        try writeFileBytes(Array(whole.dropLast(2)), to: directory.logPath)
        let logs = CapturedLogs()
        _ = try readLog(in: directory, logs: logs)
        let line = logs.all.first { $0.contains("cut") }
        #expect(line?.contains("truncated frame") == true)
        #expect(line?.contains("cut 10 byte(s)") == true)
        #expect(line?.contains("about 1 record(s) dropped") == true)
    }

    @Test("the cut bytes are kept in a .corrupt-<timestamp> copy")
    func cutBytesAreKept() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[1, 2, 3], [4, 5, 6, 7]], in: directory)
        let whole = try fileBytes(directory.logPath)
        try writeFileBytes(Array(whole.dropLast(2)), to: directory.logPath)
        let report = try readLog(in: directory).report
        let copies = try directory.files(startingWith: "augur.aof.corrupt-")
        #expect(copies.count == 1)
        #expect(report.damage?.copyPath == directory.path + "/" + copies[0])
        #expect(try fileBytes(directory.path + "/" + copies[0]) == Array(whole[(whole.count - 12)..<(whole.count - 2)]))
    }

    @Test("after a cut the next open finds a clean log")
    func cutIsPersistent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[1], [2, 2]], in: directory)
        let whole = try fileBytes(directory.logPath)
        try writeFileBytes(Array(whole.dropLast(1)), to: directory.logPath)
        #expect(try readLog(in: directory).report.damage != nil)
        let again = try readLog(in: directory)
        #expect(again.report.damage == nil)
        #expect(again.records == [[1]])
    }

    @Test("a corrupt frame in the middle ends the log; the intact frames after it are counted and kept in the copy")
    func corruptMiddle() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let records: [[UInt8]] = [[1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4], [5, 5, 5]]
        try writeLog(records, in: directory)
        var whole = try fileBytes(directory.logPath)
        let offsets = frameOffsets(records)
        whole[offsets[1] + LogFormat.frameHeaderLength + 1] ^= 0x40
        try writeFileBytes(whole, to: directory.logPath)
        let logs = CapturedLogs()
        let (read, report) = try readLog(in: directory, logs: logs)
        #expect(read == [[1, 1, 1]])
        #expect(report.damage?.kind == .checksumMismatch)
        #expect(report.damage?.intactRecordsAfter == 3)
        #expect(report.damage?.droppedRecords == 4)
        #expect(logs.all.contains { $0.contains("followed by 3 intact record(s); treating it as the end") })
        let copy = try fileBytes(report.damage!.copyPath)
        #expect(copy == Array(whole[offsets[1]...]))
    }

    @Test("a zeroed tail (length 0) is damage, not a run of empty records")
    func zeroedTail() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[7, 7]], in: directory)
        let whole = try fileBytes(directory.logPath)
        try writeFileBytes(whole + [UInt8](repeating: 0, count: 4096), to: directory.logPath)
        let (read, report) = try readLog(in: directory)
        #expect(read == [[7, 7]])
        #expect(report.damage?.kind == .implausibleLength)
        #expect(report.damage?.droppedBytes == 4096)
        #expect(report.damage?.intactRecordsAfter == nil)
    }

    @Test("an absurd length field is damage")
    func absurdLength() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeLog([[7, 7]], in: directory)
        let whole = try fileBytes(directory.logPath)
        try writeFileBytes(whole + [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 1, 2, 3], to: directory.logPath)
        let (read, report) = try readLog(in: directory)
        #expect(read == [[7, 7]])
        #expect(report.damage?.kind == .implausibleLength)
    }
}
