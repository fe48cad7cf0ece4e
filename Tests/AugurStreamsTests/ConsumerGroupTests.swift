@testable import AugurStreams
import NIOCore
import Testing

@Suite("Consumer groups and pending entries")
struct ConsumerGroupTests {
    @Test("the sorted id map agrees with a reference under random inserts and removals")
    func sortedMapMatchesReference() {
        var map = SortedIDMap<Int>()
        var reference: [StreamID: Int] = [:]
        var rng = SystemRandomNumberGenerator()
        for step in 0..<20_000 {
            let id = StreamID(ms: UInt64.random(in: 0..<2000, using: &rng), seq: UInt64.random(in: 0..<2, using: &rng))
            if Bool.random(using: &rng) {
                let old = map.set(id, step)
                #expect(old == reference.updateValue(step, forKey: id))
            } else {
                let old = map.remove(id)
                #expect(old == reference.removeValue(forKey: id))
            }
        }
        var walked: [StreamID] = []
        map.forEach { id, value in
            walked.append(id)
            return reference[id] == value
        }
        #expect(walked == reference.keys.sorted())
        #expect(map.count == reference.count)
        #expect(map.first?.id == reference.keys.min())
        #expect(map.last?.id == reference.keys.max())
    }

    @Test("a delivery to another consumer moves ownership")
    func ownership() {
        var g = ConsumerGroup(lastDeliveredID: .zero, entriesRead: 0)
        let (a, _) = g.touchConsumer(ByteBuffer(string: "a"), seenTime: 1, activeTime: nil)
        let (b, _) = g.touchConsumer(ByteBuffer(string: "b"), seenTime: 1, activeTime: nil)
        let id = StreamID(ms: 1, seq: 0)
        g.setPending(id, slot: a, deliveryTime: 5, deliveryCount: 1)
        g.setPending(id, slot: b, deliveryTime: 6, deliveryCount: 2)
        #expect(g.consumer(named: ByteBuffer(string: "a"))?.pending.count == 0)
        #expect(g.consumer(named: ByteBuffer(string: "b"))?.pending.count == 1)
        #expect(g.pending[id] == PendingEntry(deliveryTime: 6, deliveryCount: 2, consumerSlot: b))
        let first = g.removePending(id)
        let second = g.removePending(id)
        #expect(first)
        #expect(!second)
        #expect(g.consumer(named: ByteBuffer(string: "b"))?.pending.count == 0)
    }

    @Test("deleting a consumer removes its pending entries from the group")
    func deleteConsumer() {
        var g = ConsumerGroup(lastDeliveredID: .zero, entriesRead: 0)
        let (a, _) = g.touchConsumer(ByteBuffer(string: "a"), seenTime: 1, activeTime: nil)
        let (b, _) = g.touchConsumer(ByteBuffer(string: "b"), seenTime: 1, activeTime: nil)
        for i in 1...5 { g.setPending(StreamID(ms: UInt64(i), seq: 0), slot: i % 2 == 0 ? a : b, deliveryTime: 1, deliveryCount: 1) }
        let pendingOfA = g.deleteConsumer(ByteBuffer(string: "a"))
        #expect(pendingOfA == 2)
        #expect(g.pending.count == 3)
        #expect(g.consumerCount == 1)
        let again = g.deleteConsumer(ByteBuffer(string: "a"))
        #expect(again == nil)
    }

    @Test("consumers list in byte order of their names")
    func consumerOrder() {
        var g = ConsumerGroup(lastDeliveredID: .zero, entriesRead: 0)
        for name in ["b", "a", "ab", "B"] { g.touchConsumer(ByteBuffer(string: name), seenTime: 1, activeTime: nil) }
        #expect(g.consumersByName.map { String(buffer: $0.name) } == ["B", "a", "ab", "b"])
    }
}
