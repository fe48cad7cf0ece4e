import Testing

@testable import AugurLog

@Suite("Corruption and fuzzing")
struct CorruptionFuzzTests {
    @Test("random byte corruption never yields a record that was not written", arguments: Array(100..<106) as [UInt64])
    func randomCorruption(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let records = randomRecords(count: 30, maxLength: 200, using: &rng)
        let source = try TemporaryDirectory()
        defer { source.remove() }
        try writeLog(records, in: source)
        let whole = try fileBytes(source.logPath)
        let offsets = frameOffsets(records)
        for _ in 0..<20 {
            var damaged = whole
            let flips = Int.random(in: 1...4, using: &rng)
            var first = damaged.count
            for _ in 0..<flips {
                let at = Int.random(in: LogFormat.headerLength..<damaged.count, using: &rng)
                damaged[at] ^= UInt8.random(in: 1...255, using: &rng)
                first = min(first, at)
            }
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try writeFileBytes(damaged, to: directory.logPath)
            let (read, report) = try readLog(in: directory)
            // Every frame that ends before the first damaged byte survives; nothing after it can come back.
            let untouched = offsets.dropFirst().filter { $0 <= first }.count
            #expect(read == Array(records.prefix(untouched)))
            #expect(report.damage != nil)
        }
    }

    @Test("the reader survives random files after a valid header and cuts them to what it read", arguments: Array(200..<204) as [UInt64])
    func randomFiles(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let length = Int.random(in: 0...600, using: &rng)
            var tail = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Plant a plausible small length now and then so the checksum path runs, not just length checks.
            if tail.count >= 8 && Bool.random(using: &rng) {
                tail[0] = UInt8(Int.random(in: 1...max(1, min(255, tail.count - 8)), using: &rng))
                tail[1] = 0
                tail[2] = 0
                tail[3] = 0
            }
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try writeFileBytes(LogFormat.header + tail, to: directory.logPath)
            let (read, report) = try readLog(in: directory)
            let size = try fileSize(directory.logPath)
            #expect(Int64(size) == report.fileSize)
            #expect(size == LogFormat.headerLength + read.reduce(0) { $0 + LogFormat.frameHeaderLength + $1.count })
            let again = try readLog(in: directory)
            #expect(again.records == read)
            #expect(again.report.damage == nil)
        }
    }

    @Test("the frame reader survives random buffers of every small size")
    func readerOverRandomBytes() throws {
        var rng = SplitMix64(seed: 300)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/fuzz.bin"
        for round in 0..<400 {
            var data = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if round % 2 == 0 && data.count >= 8 {
                let length = UInt32(data.count - 8)
                data.replaceSubrange(0..<4, with: withUnsafeBytes(of: length.littleEndian) { Array($0) })
                if round % 4 == 0 && length > 0 {
                    let crc = CRC32C.checksum(Array(data[8...]))
                    data.replaceSubrange(4..<8, with: withUnsafeBytes(of: crc.littleEndian) { Array($0) })
                }
            }
            try writeFileBytes(data, to: path)
            let file = try LogFile.openForReading(path: path)
            var reader = LogFrameReader(file: file, fileSize: Int64(data.count), startingAt: 0)
            var consumed = 0
            walking: while true {
                switch try reader.next() {
                case .record(let record):
                    consumed += LogFormat.frameHeaderLength + record.readableBytes
                    #expect(consumed <= data.count)
                case .end:
                    #expect(consumed == data.count)
                    break walking
                case .damaged(_, let offset, _):
                    #expect(offset == Int64(consumed))
                    break walking
                }
            }
        }
    }
}
