@testable import AugurStreams
import NIOCore
import Testing

@Suite("Snapshots")
struct SnapshotTests {
    func store(entries: Int) -> StreamStore {
        var store = StreamStore(blockLimits: .init(maxEntries: 8))
        let key = ByteBuffer(string: "s")
        for i in 1...entries { store.addEntry(key: key, id: StreamID(ms: UInt64(i), seq: 0), fields: fields("f", "v\(i)")[...]) }
        store.createGroup(key: key, group: ByteBuffer(string: "g"), lastID: .zero, entriesRead: 0, makeStream: false)
        return store
    }

    func baseAddress(_ block: StreamBlock) -> UnsafeRawPointer? {
        block.bytes.withUnsafeReadableBytes { $0.baseAddress }
    }

    @Test("writing after a snapshot leaves the snapshot's entries and groups unchanged")
    func isolation() {
        var live = store(entries: 50)
        let snapshot = live
        let key = ByteBuffer(string: "s")
        live.addEntry(key: key, id: StreamID(ms: 100, seq: 0), fields: fields("f", "new")[...])
        live.deleteEntries(key: key, ids: [StreamID(ms: 3, seq: 0)])
        live.trimFront(key: key, count: 10)
        live.deliverNew(key: key, group: ByteBuffer(string: "g"), consumer: ByteBuffer(string: "c"), time: 1,
                        lastID: StreamID(ms: 20, seq: 0), entriesRead: 9, ids: [StreamID(ms: 20, seq: 0)], noAck: false)
        let frozen = snapshot.stream(key)!
        #expect(frozen.length == 50)
        #expect(ids(frozen) == (1...50).map { "\($0)-0" })
        #expect(frozen.groups[ByteBuffer(string: "g")]?.pending.count == 0)
        #expect(live.stream(key)!.length == 40)
    }

    @Test("appending after a snapshot copies no sealed block")
    func sealedBlocksShared() {
        var live = store(entries: 50)
        let snapshot = live
        let key = ByteBuffer(string: "s")
        live.addEntry(key: key, id: StreamID(ms: 100, seq: 0), fields: fields("f", "new")[...])
        let before = snapshot.stream(key)!
        let after = live.stream(key)!
        // Blocks 0..<5 are sealed (8 entries each); the open block may be copied, the others must not.
        for b in 0..<5 {
            #expect(baseAddress(before.blocks[b]) == baseAddress(after.blocks[b]))
        }
    }

    @Test("rebuild records replay into an equal state")
    func rebuild() throws {
        var live = store(entries: 30)
        let key = ByteBuffer(string: "s")
        live.deleteEntries(key: key, ids: [StreamID(ms: 7, seq: 0)])
        live.deliverNew(key: key, group: ByteBuffer(string: "g"), consumer: ByteBuffer(string: "c"), time: 4,
                        lastID: StreamID(ms: 9, seq: 0), entriesRead: 8, ids: [StreamID(ms: 8, seq: 0), StreamID(ms: 9, seq: 0)], noAck: false)
        var rebuilt = StreamStore()
        try live.forEachRebuildRecord { try rebuilt.apply(encoded: $0) }
        let a = live.stream(key)!
        let b = rebuilt.stream(key)!
        #expect(ids(a) == ids(b))
        #expect(a.maxDeletedID == b.maxDeletedID)
        #expect(a.entriesAdded == b.entriesAdded)
        #expect(a.lastGeneratedID == b.lastGeneratedID)
        let ga = a.groups[ByteBuffer(string: "g")]!
        let gb = b.groups[ByteBuffer(string: "g")]!
        #expect(ga.lastDeliveredID == gb.lastDeliveredID)
        #expect(ga.entriesRead == gb.entriesRead)
        #expect(ga.pending.count == 2 && gb.pending.count == 2)
        #expect(gb.pending[StreamID(ms: 9, seq: 0)]?.deliveryTime == 4)
    }
}
