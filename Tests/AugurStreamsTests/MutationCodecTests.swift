@testable import AugurStreams
import NIOCore
import Testing

@Suite("Mutation records")
struct MutationCodecTests {
    static let key = ByteBuffer(string: "k")
    static let group = ByteBuffer(string: "g")
    static let consumer = ByteBuffer(string: "c")
    static let records: [MutationRecord] = [
        .addEntry(key: key, id: StreamID(ms: 1_700_000_000_000, seq: 3), fields: fields("f", "v", "g", "")),
        .deleteEntries(key: key, ids: [StreamID(ms: 5, seq: 1), StreamID(ms: 2, seq: 0)]),
        .trimFront(key: key, count: 42),
        .createGroup(key: key, group: group, lastID: .max, entriesRead: -1, makeStream: true),
        .setGroupCursor(key: key, group: group, lastID: StreamID(ms: 9, seq: 9), entriesRead: 12),
        .destroyGroup(key: key, group: group),
        .touchConsumer(key: key, group: group, consumer: consumer, seenTime: 77, activeTime: nil),
        .touchConsumer(key: key, group: group, consumer: consumer, seenTime: 77, activeTime: -1),
        .deleteConsumer(key: key, group: group, consumer: consumer),
        .deliverNew(key: key, group: group, consumer: consumer, time: 5, lastID: StreamID(ms: 3, seq: 0), entriesRead: 3,
                    ids: [StreamID(ms: 1, seq: 0), StreamID(ms: 3, seq: 0)], noAck: true),
        .setPending(key: key, group: group, consumer: consumer, entries: [PendingUpdate(id: StreamID(ms: 1, seq: 0), deliveryTime: -5, deliveryCount: 9)]),
        .acknowledge(key: key, group: group, ids: [StreamID(ms: 1, seq: 0)]),
        .deleteKeys([key, group]),
        .removeAll,
        .setStreamMeta(key: key, lastID: StreamID(ms: 4, seq: 4), maxDeletedID: StreamID(ms: 2, seq: 2), entriesAdded: 10),
    ]

    @Test("every record kind decodes to what was encoded")
    func roundTrip() throws {
        for record in Self.records {
            #expect(try MutationCodec.decode(MutationCodec.encode(record)) == record)
        }
    }

    @Test("encoding is deterministic and starts with the version byte")
    func deterministic() {
        for record in Self.records {
            let a = MutationCodec.encode(record)
            #expect(a == MutationCodec.encode(record))
            #expect(a.getInteger(at: 0, as: UInt8.self) == MutationCodec.version)
        }
    }

    @Test("truncated records, unknown kinds, other versions and trailing bytes are corrupt")
    func corrupt() {
        for record in Self.records {
            let full = MutationCodec.encode(record)
            for cut in 0..<full.readableBytes {
                #expect(throws: StreamsError.self) { try MutationCodec.decode(full.getSlice(at: 0, length: cut)!) }
            }
            var extra = full
            extra.writeInteger(UInt8(0))
            #expect(throws: StreamsError.self) { try MutationCodec.decode(extra) }
        }
        #expect(throws: StreamsError.self) { try MutationCodec.decode(ByteBuffer(bytes: [1, 200])) }
        #expect(throws: StreamsError.self) { try MutationCodec.decode(ByteBuffer(bytes: [2, 13])) }
    }

    @Test("records that do not fit the state are refused")
    func misfit() {
        var store = StreamStore()
        #expect(throws: StreamsError.self) { try store.apply(.acknowledge(key: Self.key, group: Self.group, ids: [])) }
        try? store.apply(.addEntry(key: Self.key, id: StreamID(ms: 5, seq: 0), fields: fields("f", "v")))
        #expect(throws: StreamsError.self) {
            try store.apply(.addEntry(key: Self.key, id: StreamID(ms: 5, seq: 0), fields: fields("f", "v")))
        }
    }
}
