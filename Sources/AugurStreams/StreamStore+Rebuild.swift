import NIOCore

/// The shortest record sequence that rebuilds a state: what a log rewrite writes.
extension StreamStore {
    /// Calls `sink` with records that rebuild this whole state when replayed in order into an empty store.
    public func forEachRebuildRecord(_ sink: (ByteBuffer) throws -> Void) rethrows {
        var buffer = ByteBuffer()
        func emit(_ record: MutationRecord, _ sink: (ByteBuffer) throws -> Void) rethrows {
            buffer.clear()
            MutationCodec.write(record, into: &buffer)
            try sink(buffer)
        }
        for key in streams.keys.sorted(by: ByteOrder.less) {
            let stream = streams[key]!
            try stream.forEachEntry(from: .zero, through: .max) { id, entryFields in
                buffer.clear()
                MutationCodec.writeAddEntry(key: key, id: id, entry: entryFields, into: &buffer)
                try sink(buffer)
                return true
            }
            try emit(
                .setStreamMeta(
                    key: key, lastID: stream.lastGeneratedID, maxDeletedID: stream.maxDeletedID,
                    entriesAdded: stream.entriesAdded), sink)
            for name in stream.groups.keys.sorted(by: ByteOrder.less) {
                let group = stream.groups[name]!
                try emit(
                    .createGroup(
                        key: key, group: name, lastID: group.lastDeliveredID, entriesRead: group.entriesRead,
                        makeStream: false), sink)
                for consumer in group.consumersByName {
                    try emit(
                        .touchConsumer(
                            key: key, group: name, consumer: consumer.name, seenTime: consumer.seenTime,
                            activeTime: consumer.activeTime), sink)
                    var batch: [PendingUpdate] = []
                    try consumer.pending.forEach { id, _ in
                        let entry = group.pending[id]!
                        batch.append(
                            PendingUpdate(id: id, deliveryTime: entry.deliveryTime, deliveryCount: entry.deliveryCount))
                        if batch.count == 1024 {
                            try emit(.setPending(key: key, group: name, consumer: consumer.name, entries: batch), sink)
                            batch.removeAll(keepingCapacity: true)
                        }
                        return true
                    }
                    if !batch.isEmpty {
                        try emit(.setPending(key: key, group: name, consumer: consumer.name, entries: batch), sink)
                    }
                }
            }
        }
    }
}
