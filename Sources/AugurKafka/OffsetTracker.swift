/// Which offsets may be committed: per partition, the lowest offset read but not yet done (its result not
/// yet delivered), or one past the highest read when all are done. Batches finish out of order, so
/// committing a later batch's offsets before an earlier one is done would lose the earlier one on a crash;
/// this never does.
public struct OffsetTracker: Sendable {
    private struct Partition: Hashable {
        var topic: String
        var partition: Int32
    }

    private struct State {
        var pending: Set<Int64> = []
        var next: Int64 = 0
        var committed: Int64?

        var committable: Int64 { pending.min() ?? next }
    }

    private var partitions: [Partition: State] = [:]

    /// Creates an empty tracker.
    public init() {}

    /// Records that `records` were read and are being worked on.
    public mutating func read(_ records: [KafkaRecord]) {
        for record in records {
            let key = Partition(topic: record.topic, partition: record.partition)
            var state = partitions[key] ?? State()
            state.pending.insert(record.offset)
            state.next = max(state.next, record.offset + 1)
            partitions[key] = state
        }
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
