/// Which offsets may be committed: per partition, the lowest offset read but not yet done (its result not
/// yet delivered), or one past the highest read when all are done. Batches finish out of order, so
/// committing a later batch's offsets before an earlier one is done would lose the earlier one on a crash;
/// this never does.
///
/// It also guards against a broker whose fetch steps over records: once a partition's position is known
/// (from `start` or a record read), a record beyond it means the offsets between were skipped. Kafka itself
/// leaves such gaps only for transaction markers and compaction, but Tansu (the test broker) can return a
/// partition's later batch before an earlier one being written at the same moment, or skip the rest of a
/// batch when a fetch starts inside it. Such records are dropped and the partition is fetched again from
/// the gap (`Reading.refetch`), up to `maxRefetches` times per gap; then the gap is accepted and reported
/// (`Reading.skipped`). Records below the position (read again after a refetch) are dropped as read.
public struct OffsetTracker: Sendable {
    private struct Partition: Hashable {
        var topic: String
        var partition: Int32
    }

    private struct State {
        var pending: Set<Int64> = []
        var next: Int64 = 0
        /// Whether `next` is the partition's known read position (set by `start` or by a record read).
        var positioned = false
        var committed: Int64?
        /// The start of a gap being fetched again, and how many times it was.
        var gap: (from: Int64, refetches: Int)?

        var committable: Int64 { pending.min() ?? next }
    }

    /// What `read` made of a poll's records.
    public struct Reading: Sendable, Equatable {
        /// The records to work on (in the order read).
        public var records: [KafkaRecord] = []
        /// Partitions to fetch again from the offset given: records were skipped before it.
        public var refetch: [KafkaPartitionOffset] = []
        /// Gaps given up on after `maxRefetches`: from where, and how many offsets were never read.
        public var skipped: [(from: KafkaPartitionOffset, count: Int64)] = []

        public static func == (lhs: Reading, rhs: Reading) -> Bool {
            lhs.records == rhs.records && lhs.refetch == rhs.refetch
                && lhs.skipped.map(\.from) == rhs.skipped.map(\.from) && lhs.skipped.map(\.count) == rhs.skipped.map(\.count)
        }
    }

    private var partitions: [Partition: State] = [:]
    /// How many times one gap is fetched again before it is accepted.
    public let maxRefetches: Int

    /// Creates an empty tracker; `maxRefetches` (default 50) bounds the fetches of one gap, 0 accepts gaps at once.
    public init(maxRefetches: Int = 50) {
        self.maxRefetches = maxRefetches
    }

    /// Records where reading a newly assigned partition starts (its committed offset, or where the reset
    /// policy starts it), so that a broker skipping its first records is noticed.
    public mutating func start(_ position: KafkaPartitionOffset) {
        let key = Partition(topic: position.topic, partition: position.partition)
        var state = partitions[key] ?? State()
        guard state.pending.isEmpty else { return }
        state.next = position.offset
        state.positioned = true
        state.gap = nil
        partitions[key] = state
    }

    /// Records that `records` were read; returns those to work on, and the partitions to fetch again.
    @discardableResult
    public mutating func read(_ records: [KafkaRecord]) -> Reading {
        var reading = Reading()
        reading.records.reserveCapacity(records.count)
        var refetching: Set<Partition> = []
        for record in records {
            let key = Partition(topic: record.topic, partition: record.partition)
            if refetching.contains(key) { continue }
            var state = partitions[key] ?? State()
            defer { partitions[key] = state }
            if state.positioned && record.offset < state.next { continue }
            if state.positioned && record.offset > state.next {
                let refetches = state.gap.map { $0.from == state.next ? $0.refetches + 1 : 1 } ?? 1
                if refetches <= maxRefetches {
                    state.gap = (state.next, refetches)
                    refetching.insert(key)
                    reading.refetch.append(KafkaPartitionOffset(topic: key.topic, partition: key.partition, offset: state.next))
                    continue
                }
                reading.skipped.append(
                    (KafkaPartitionOffset(topic: key.topic, partition: key.partition, offset: state.next), record.offset - state.next)
                )
            }
            state.gap = nil
            state.pending.insert(record.offset)
            state.next = record.offset + 1
            state.positioned = true
            reading.records.append(record)
        }
        return reading
    }

    /// Records that `records` are done (their results delivered or dead-lettered) and returns the partitions
    /// whose commit point moved, with the offset to commit. Records of revoked partitions are ignored.
    public mutating func done(_ records: [KafkaRecord]) -> [KafkaPartitionOffset] {
        var touched: Set<Partition> = []
        for record in records {
            let key = Partition(topic: record.topic, partition: record.partition)
            guard partitions[key]?.pending.remove(record.offset) != nil else { continue }
            touched.insert(key)
        }
        var commits: [KafkaPartitionOffset] = []
        for key in touched {
            guard var state = partitions[key] else { continue }
            let offset = state.committable
            if state.committed.map({ offset > $0 }) ?? true {
                state.committed = offset
                partitions[key] = state
                commits.append(KafkaPartitionOffset(topic: key.topic, partition: key.partition, offset: offset))
            }
        }
        return commits.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }

    /// Forgets a revoked partition; returns how many of its records were still in flight (their results
    /// may still be delivered, but their offsets are no longer committed here: the new owner re-reads them).
    public mutating func revoke(topic: String, partition: Int32) -> Int {
        partitions.removeValue(forKey: Partition(topic: topic, partition: partition))?.pending.count ?? 0
    }

    /// The last commit point of every partition still assigned (for the final commit at shutdown).
    public var commitPoints: [KafkaPartitionOffset] {
        partitions.compactMap { key, state in
            state.committed.map { KafkaPartitionOffset(topic: key.topic, partition: key.partition, offset: $0) }
        }.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }

    /// Records read and not yet done, over all partitions.
    public var inFlight: Int { partitions.values.reduce(0) { $0 + $1.pending.count } }
}
