import NIOCore

/// Replaying records: the same state changes the engine made live, checked against the current state.
extension StreamStore {
    /// Applies one encoded record; throws `StreamsError.corruptRecord` when it is malformed or does not fit.
    public mutating func apply(encoded record: ByteBuffer) throws {
        try apply(try MutationCodec.decode(record))
    }

    /// Applies one record; throws `StreamsError.corruptRecord` when it refers to state that does not exist.
    public mutating func apply(_ record: MutationRecord) throws {
        func require(_ ok: Bool, _ why: @autoclosure () -> String) throws {
            if !ok { throw StreamsError.corruptRecord("mutation record does not apply: \(why())") }
        }
        switch record {
        case .addEntry(let key, let id, let fields):
            let last = stream(key)?.lastGeneratedID ?? .zero
            try require(id > last, "XADD id \(id) is not above \(last)")
            addEntry(key: key, id: id, fields: fields[...])
        case .deleteEntries(let key, let ids):
            try require(contains(key), "XDEL on a missing key")
            deleteEntries(key: key, ids: ids)
        case .trimFront(let key, let count):
            try require(contains(key), "trim of a missing key")
            trimFront(key: key, count: count)
        case .createGroup(let key, let group, let lastID, let entriesRead, let makeStream):
            try require(
                createGroup(key: key, group: group, lastID: lastID, entriesRead: entriesRead, makeStream: makeStream),
                "group exists or key missing")
        case .setGroupCursor(let key, let group, let lastID, let entriesRead):
            try require(setGroupCursor(key: key, group: group, lastID: lastID, entriesRead: entriesRead), "no group")
        case .destroyGroup(let key, let group):
            try require(destroyGroup(key: key, group: group), "no group to destroy")
        case .touchConsumer(let key, let group, let consumer, let seenTime, let activeTime):
            try require(
                touchConsumer(key: key, group: group, consumer: consumer, seenTime: seenTime, activeTime: activeTime)
                    != nil, "no group")
        case .deleteConsumer(let key, let group, let consumer):
            try require(stream(key)?.groups[group] != nil, "no group")
            deleteConsumer(key: key, group: group, consumer: consumer)
        case .deliverNew(let key, let group, let consumer, let time, let lastID, let entriesRead, let ids, let noAck):
            try require(
                deliverNew(
                    key: key, group: group, consumer: consumer, time: time, lastID: lastID, entriesRead: entriesRead,
                    ids: ids, noAck: noAck), "no group")
        case .setPending(let key, let group, let consumer, let entries):
            try require(setPending(key: key, group: group, consumer: consumer, entries: entries), "no consumer")
        case .acknowledge(let key, let group, let ids):
            try require(stream(key)?.groups[group] != nil, "no group")
            acknowledge(key: key, group: group, ids: ids)
        case .deleteKeys(let keys):
            deleteKeys(keys)
        case .removeAll:
            removeAll()
        case .setStreamMeta(let key, let lastID, let maxDeletedID, let entriesAdded):
            setStreamMeta(key: key, lastID: lastID, maxDeletedID: maxDeletedID, entriesAdded: entriesAdded)
        }
    }
}
