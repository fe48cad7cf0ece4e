import Testing

@testable import AugurKafka

@Suite("Offset tracker")
struct OffsetTrackerTests {
    private func records(_ partition: Int32, _ offsets: ClosedRange<Int64>, topic: String = "t") -> [KafkaRecord] {
        offsets.map { KafkaRecord(topic: topic, partition: partition, offset: $0) }
    }

    @Test("a finished batch commits one past its highest offset")
    func finishedBatchCommitsNext() {
        var tracker = OffsetTracker()
        tracker.read(records(0, 10...14))
        #expect(tracker.done(records(0, 10...14)) == [KafkaPartitionOffset(topic: "t", partition: 0, offset: 15)])
        #expect(tracker.inFlight == 0)
    }

    @Test("a later batch finishing first commits only up to the earlier batch")
    func outOfOrderBatchesWait() {
        var tracker = OffsetTracker()
        tracker.read(records(0, 0...4))
        tracker.read(records(0, 5...9))
        #expect(tracker.done(records(0, 5...9)) == [KafkaPartitionOffset(topic: "t", partition: 0, offset: 0)])
        #expect(tracker.done(records(0, 0...4)) == [KafkaPartitionOffset(topic: "t", partition: 0, offset: 10)])
    }

    @Test("a commit point is returned once and only when it moves")
    func commitOnlyWhenMoving() {
        var tracker = OffsetTracker()
        tracker.read(records(0, 0...4))
        tracker.read(records(0, 5...9))
        _ = tracker.done(records(0, 5...9))
        #expect(tracker.done(records(0, 1...2)) == [])
    }

    @Test("partitions are tracked apart")
    func partitionsApart() {
        var tracker = OffsetTracker()
        tracker.read(records(0, 0...1) + records(1, 100...101))
        let commits = tracker.done(records(1, 100...101))
        #expect(commits == [KafkaPartitionOffset(topic: "t", partition: 1, offset: 102)])
        #expect(tracker.inFlight == 2)
    }

    @Test("records of a revoked partition are never committed")
    func revokedPartitionIgnored() {
        var tracker = OffsetTracker()
        tracker.read(records(0, 0...2))
        #expect(tracker.revoke(topic: "t", partition: 0) == 3)
        #expect(tracker.done(records(0, 0...2)) == [])
        #expect(tracker.commitPoints == [])
    }

    @Test("commit points list each partition's last commit")
    func commitPointsListLastCommits() {
        var tracker = OffsetTracker()
        tracker.read(records(0, 0...1) + records(2, 5...5))
        _ = tracker.done(records(0, 0...1) + records(2, 5...5))
        #expect(
            tracker.commitPoints == [
                KafkaPartitionOffset(topic: "t", partition: 0, offset: 2), KafkaPartitionOffset(topic: "t", partition: 2, offset: 6),
            ]
        )
    }
}
