@testable import AugurStreams
import NIOCore
import Testing

@Suite("Trimming")
struct TrimTests {
    func filled(_ n: Int) -> Stream {
        var s = Stream(limits: .init(maxEntries: 4))
        for i in 1...n { s.append(id: StreamID(ms: UInt64(i), seq: 0), fields: fields("f", "v")[...]) }
        return s
    }

    @Test("exact MAXLEN removes whole blocks, then entries of the next block")
    func exactMaxLen() {
        var s = filled(10)
        let n = s.entriesToTrim(TrimRequest(strategy: .maxLength(3)))
        #expect(n == 7)
        s.removeFirstEntries(n)
        #expect(ids(s) == ["8-0", "9-0", "10-0"])
        #expect(s.blockCount == 2)
    }

    @Test("exact MINID removes entries below the id")
    func exactMinID() {
        var s = filled(10)
        let n = s.entriesToTrim(TrimRequest(strategy: .minID(StreamID(ms: 6, seq: 0))))
        #expect(n == 5)
        s.removeFirstEntries(n)
        #expect(s.firstEntryID == StreamID(ms: 6, seq: 0))
    }

    @Test("approximate trims stop at the first block that cannot go whole")
    func approximate() {
        let s = filled(10)
        #expect(s.entriesToTrim(TrimRequest(strategy: .maxLength(3), approximate: true)) == 4)
        #expect(s.entriesToTrim(TrimRequest(strategy: .maxLength(2), approximate: true)) == 8)
        #expect(s.entriesToTrim(TrimRequest(strategy: .minID(StreamID(ms: 8, seq: 0)), approximate: true)) == 4)
        #expect(s.entriesToTrim(TrimRequest(strategy: .minID(StreamID(ms: 9, seq: 0)), approximate: true)) == 8)
    }

    @Test("LIMIT caps how many entries an approximate trim removes")
    func limit() {
        let s = filled(10)
        #expect(s.entriesToTrim(TrimRequest(strategy: .maxLength(0), approximate: true, limit: 5)) == 4)
        #expect(s.entriesToTrim(TrimRequest(strategy: .maxLength(0), approximate: true, limit: 3)) == 0)
    }

    @Test("deleted entries do not count toward the length being trimmed to")
    func withDeleted() {
        var s = filled(10)
        s.deleteEntry(StreamID(ms: 2, seq: 0))
        let n = s.entriesToTrim(TrimRequest(strategy: .maxLength(5)))
        #expect(n == 4)
        s.removeFirstEntries(n)
        #expect(ids(s) == ["6-0", "7-0", "8-0", "9-0", "10-0"])
    }
}
