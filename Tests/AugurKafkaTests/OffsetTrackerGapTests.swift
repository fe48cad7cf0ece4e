import Testing

@testable import AugurKafka

@Suite("Offset tracker: records the broker skipped")
struct OffsetTrackerGapTests {
    private func records(_ partition: Int32, _ offsets: ClosedRange<Int64>) -> [KafkaRecord] {
        offsets.map { KafkaRecord(topic: "t", partition: partition, offset: $0) }
    }

    private func at(_ partition: Int32, _ offset: Int64) -> KafkaPartitionOffset {
        KafkaPartitionOffset(topic: "t", partition: partition, offset: offset)
    }

    @Test("a record beyond the read position is dropped and the partition fetched again from the gap")
    func gapFetchedAgain() {
        var tracker = OffsetTracker()
        tracker.read(records(0, 0...9))
        let reading = tracker.read(records(0, 16...20))
        #expect(reading.records.isEmpty)
        #expect(reading.refetch == [at(0, 10)])
        #expect(tracker.inFlight == 10)
    }

    @Test("after fetching again, the skipped records are read and records read before are dropped")
    func refetchFillsGap() {
        var tracker = OffsetTracker()
        tracker.read(records(0, 0...9))
        tracker.read(records(0, 16...20))
        let reading = tracker.read(records(0, 10...20))
        #expect(reading.records == records(0, 10...20))
        #expect(reading.refetch.isEmpty)
        #expect(tracker.read(records(0, 15...21)).records == records(0, 21...21))
    }

    @Test("a commit never passes skipped records still to be fetched again")
    func commitStopsAtGap() {
        var tracker = OffsetTracker()
        tracker.read(records(0, 0...9))
        tracker.read(records(0, 16...20))
        #expect(tracker.done(records(0, 0...9)) == [at(0, 10)])
    }

    @Test("a gap still there after maxRefetches fetches is accepted and reported")
    func persistentGapAccepted() {
        var tracker = OffsetTracker(maxRefetches: 2)
        tracker.read(records(0, 0...4))
        #expect(tracker.read(records(0, 6...6)).refetch == [at(0, 5)])
        #expect(tracker.read(records(0, 6...6)).refetch == [at(0, 5)])
        let reading = tracker.read(records(0, 6...7))
        #expect(reading.records == records(0, 6...7))
        #expect(reading.refetch.isEmpty)
        #expect(reading.skipped.map(\.from) == [at(0, 5)])
        #expect(reading.skipped.map(\.count) == [1])
    }

    @Test("a partition's start position makes skipped first records noticed")
    func startPositionChecksFirstRecord() {
        var tracker = OffsetTracker()
        tracker.start(at(0, 0))
        #expect(tracker.read(records(0, 56...60)).refetch == [at(0, 0)])
        #expect(tracker.read(records(0, 0...60)).records == records(0, 0...60))
    }

    @Test("without a start position the first record read sets it")
    func firstRecordSetsPosition() {
        var tracker = OffsetTracker()
        let reading = tracker.read(records(0, 56...60))
        #expect(reading.records == records(0, 56...60))
        #expect(reading.refetch.isEmpty)
    }

    @Test("a gap in one partition does not hold up another")
    func gapsPerPartition() {
        var tracker = OffsetTracker()
        tracker.start(at(0, 0))
        tracker.start(at(1, 0))
        let reading = tracker.read(records(0, 3...4) + records(1, 0...2))
        #expect(reading.records == records(1, 0...2))
        #expect(reading.refetch == [at(0, 0)])
    }

    @Test("maxRefetches 0 accepts every gap at once")
    func refetchingOff() {
        var tracker = OffsetTracker(maxRefetches: 0)
        tracker.start(at(0, 0))
        let reading = tracker.read(records(0, 3...4))
        #expect(reading.records == records(0, 3...4))
        #expect(reading.skipped.map(\.count) == [3])
    }
}
