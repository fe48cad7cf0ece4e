@testable import AugurStreams
import NIOCore
import Testing

func fields(_ words: String...) -> [ByteBuffer] { words.map { ByteBuffer(string: $0) } }

func ids(_ stream: Stream, reverse: Bool = false) -> [String] {
    var out: [String] = []
    if reverse {
        stream.forEachEntryReversed(from: .max, through: .zero) { id, _ in
            out.append(id.description)
            return true
        }
    } else {
        stream.forEachEntry(from: .zero, through: .max) { id, _ in
            out.append(id.description)
            return true
        }
    }
    return out
}

@Suite("Stream storage")
struct StreamStorageTests {
    func filled(_ n: Int, limits: Stream.BlockLimits = .init(maxEntries: 4)) -> Stream {
        var s = Stream(limits: limits)
        for i in 1...n { s.append(id: StreamID(ms: UInt64(i), seq: 0), fields: fields("f", "v\(i)")[...]) }
        return s
    }

    @Test("entries pack into blocks of at most maxEntries")
    func blocks() {
        let s = filled(10)
        #expect(s.blockCount == 3)
        #expect(s.length == 10)
        #expect(ids(s) == (1...10).map { "\($0)-0" })
        #expect(ids(s, reverse: true) == (1...10).reversed().map { "\($0)-0" })
    }

    @Test("blocks also close at maxBytes and an oversized entry gets its own block")
    func byteLimit() {
        var s = Stream(limits: .init(maxEntries: 100, maxBytes: 64))
        let big = String(repeating: "x", count: 500)
        s.append(id: StreamID(ms: 1, seq: 0), fields: fields("f", "small")[...])
        s.append(id: StreamID(ms: 2, seq: 0), fields: fields("f", big)[...])
        s.append(id: StreamID(ms: 3, seq: 0), fields: fields("f", "small")[...])
        #expect(s.blockCount == 3)
        #expect(s.entry(StreamID(ms: 2, seq: 0))?.flattened.map { String(buffer: $0) } == ["f", big])
    }

    @Test("fields differing from the block's master fields keep their names")
    func mixedFields() {
        var s = Stream()
        s.append(id: StreamID(ms: 1, seq: 0), fields: fields("a", "1", "b", "2")[...])
        s.append(id: StreamID(ms: 2, seq: 0), fields: fields("a", "3", "b", "4")[...])
        s.append(id: StreamID(ms: 3, seq: 0), fields: fields("b", "5")[...])
        s.append(id: StreamID(ms: 4, seq: 0), fields: fields("", "")[...])
        #expect(s.entry(StreamID(ms: 2, seq: 0))?.flattened.map { String(buffer: $0) } == ["a", "3", "b", "4"])
        #expect(s.entry(StreamID(ms: 3, seq: 0))?.flattened.map { String(buffer: $0) } == ["b", "5"])
        #expect(s.entry(StreamID(ms: 4, seq: 0))?.flattened.map { String(buffer: $0) } == ["", ""])
    }

    @Test("ranges start and stop inside blocks")
    func ranges() {
        let s = filled(10)
        var got: [String] = []
        s.forEachEntry(from: StreamID(ms: 3, seq: 0), through: StreamID(ms: 6, seq: 0)) { id, _ in
            got.append(id.description)
            return true
        }
        #expect(got == ["3-0", "4-0", "5-0", "6-0"])
        got = []
        s.forEachEntryReversed(from: StreamID(ms: 7, seq: 5), through: StreamID(ms: 5, seq: 0)) { id, _ in
            got.append(id.description)
            return true
        }
        #expect(got == ["7-0", "6-0", "5-0"])
    }

    @Test("deleting entries hides them and drops emptied blocks")
    func deletion() {
        var s = filled(8)
        for i in 1...4 {
            let deleted = s.deleteEntry(StreamID(ms: UInt64(i), seq: 0))
            #expect(deleted)
        }
        let again = s.deleteEntry(StreamID(ms: 1, seq: 0))
        #expect(!again)
        #expect(s.blockCount == 1)
        let sixth = s.deleteEntry(StreamID(ms: 6, seq: 0))
        #expect(sixth)
        #expect(ids(s) == ["5-0", "7-0", "8-0"])
        #expect(s.firstEntryID == StreamID(ms: 5, seq: 0))
        #expect(s.lastEntryID == StreamID(ms: 8, seq: 0))
        #expect(s.length == 3)
    }

    @Test("the last entry id skips deleted tail entries but the generated id stays")
    func lastEntry() {
        var s = filled(3)
        s.deleteEntry(StreamID(ms: 3, seq: 0))
        #expect(s.lastEntryID == StreamID(ms: 2, seq: 0))
        #expect(s.lastGeneratedID == StreamID(ms: 3, seq: 0))
    }
}
