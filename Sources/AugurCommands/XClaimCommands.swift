import AugurRESP
import AugurStreams
import NIOCore

/// XCLAIM and XAUTOCLAIM: moving pending entries to another consumer.
extension EngineState {
    /// What a claim decided, before anything is written.
    struct ClaimPlan {
        var updates: [PendingUpdate] = []
        /// Pending ids whose entries no longer exist: they leave the PEL.
        var vanished: [StreamID] = []
        var replies: [RESPValue] = []
    }

    mutating func xclaim(_ a: [ByteBuffer]) throws -> RESPValue {
        let key = a[1]
        let groupName = a[2]
        let consumer = a[3]
        guard store.stream(key)?.groups[groupName] != nil else {
            throw CommandError.noKeyOrGroup(Arguments.text(key), Arguments.text(groupName))
        }
        guard let minIdleArg = Arguments.int64(a[4]) else {
            throw CommandError("ERR Invalid min-idle-time argument for XCLAIM")
        }
        let minIdle = max(0, minIdleArg)
        var ids: [StreamID] = []
        var j = 5
        while j < a.count, let id = StreamIDParser.parseStrict(a[j]) {
            ids.append(id)
            j += 1
        }
        let time = now
        var force = false
        var justID = false
        var deliveryTime: Int64 = -1
        var retryCount: Int64 = -1
        var lastID = StreamID.zero
        while j < a.count {
            let more = a.count - 1 - j
            let word = a[j]
            if Arguments.equalsIgnoringCase(word, "force") {
                force = true
            } else if Arguments.equalsIgnoringCase(word, "justid") {
                justID = true
            } else if more > 0 && Arguments.equalsIgnoringCase(word, "idle") {
                j += 1
                guard let idle = Arguments.int64(a[j]) else {
                    throw CommandError("ERR Invalid IDLE option argument for XCLAIM")
                }
                deliveryTime = time &- idle
            } else if more > 0 && Arguments.equalsIgnoringCase(word, "time") {
                j += 1
                guard let at = Arguments.int64(a[j]) else {
                    throw CommandError("ERR Invalid TIME option argument for XCLAIM")
                }
                deliveryTime = at
            } else if more > 0 && Arguments.equalsIgnoringCase(word, "retrycount") {
                j += 1
                guard let n = Arguments.int64(a[j]) else {
                    throw CommandError("ERR Invalid RETRYCOUNT option argument for XCLAIM")
                }
                retryCount = n
            } else if more > 0 && Arguments.equalsIgnoringCase(word, "lastid") {
                j += 1
                guard let id = StreamIDParser.parseStrict(a[j]) else { throw CommandError.invalidStreamID }
                lastID = id
            } else {
                throw CommandError("ERR Unrecognized XCLAIM option '\(Arguments.text(word))'")
            }
            j += 1
        }
        if deliveryTime < 0 || deliveryTime > time { deliveryTime = time }

        var plan = ClaimPlan()
        let groupCursor: (StreamID, Int64)?
        do {
            let stream = store.stream(key)!
            let group = stream.groups[groupName]!
            groupCursor = lastID > group.lastDeliveredID ? (lastID, group.entriesRead) : nil
            // Later ids see the effect of earlier ones (the same id may be listed twice).
            var claimed: [StreamID: UInt64] = [:]
            var removed = Set<StreamID>()
            for id in ids {
                let fields = stream.entry(id)
                let existing: (count: UInt64, time: Int64, owned: Bool)?
                if let count = claimed[id] {
                    existing = (count, deliveryTime, true)
                } else if !removed.contains(id), let entry = group.pending[id] {
                    existing = (entry.deliveryCount, entry.deliveryTime, true)
                } else {
                    existing = nil
                }
                guard let fields else {
                    if existing != nil && removed.insert(id).inserted && claimed[id] == nil { plan.vanished.append(id) }
                    continue
                }
                var state = existing
                if state == nil && force { state = (1, time, false) }
                guard let current = state else { continue }
                if current.owned && minIdle > 0 && time - current.time < minIdle { continue }
                let count: UInt64 =
                    retryCount >= 0 ? UInt64(retryCount) : (justID ? current.count : current.count + 1)
                claimed[id] = count
                plan.updates.append(PendingUpdate(id: id, deliveryTime: deliveryTime, deliveryCount: count))
                plan.replies.append(justID ? EntryReplies.id(id) : EntryReplies.entry(id, fields))
            }
        }
        if let (id, entriesRead) = groupCursor {
            commit(.setGroupCursor(key: key, group: groupName, lastID: id, entriesRead: entriesRead))
        }
        commitClaim(plan, key: key, group: groupName, consumer: consumer, time: time)
        return .array(plan.replies)
    }

    /// Writes a claim: vanished ids leave the PEL, the consumer is seen and active, claimed ids move to it.
    mutating func commitClaim(_ plan: ClaimPlan, key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer, time: Int64) {
        if !plan.vanished.isEmpty { commit(.acknowledge(key: key, group: group, ids: plan.vanished)) }
        guard !plan.updates.isEmpty else { return }
        commit(.touchConsumer(key: key, group: group, consumer: consumer, seenTime: time, activeTime: time))
        commit(.setPending(key: key, group: group, consumer: consumer, entries: plan.updates))
    }

    mutating func xautoclaim(_ a: [ByteBuffer]) throws -> RESPValue {
        let key = a[1]
        let groupName = a[2]
        let consumer = a[3]
        guard store.stream(key)?.groups[groupName] != nil else {
            throw CommandError.noKeyOrGroup(Arguments.text(key), Arguments.text(groupName))
        }
        guard let minIdleArg = Arguments.int64(a[4]) else {
            throw CommandError("ERR Invalid min-idle-time argument for XAUTOCLAIM")
        }
        let minIdle = max(0, minIdleArg)
        guard let (startBound, exclusive) = StreamIDParser.parseBound(a[5], isEnd: false) else {
            throw CommandError.invalidStreamID
        }
        var start = startBound
        if exclusive {
            guard let next = start.successor else { throw CommandError("ERR invalid start ID for the interval") }
            start = next
        }
        var count = 100
        var justID = false
        var j = 6
        while j < a.count {
            if Arguments.equalsIgnoringCase(a[j], "count") && j + 1 < a.count {
                guard let n = Arguments.int64(a[j + 1]), n >= 1, n <= Int64.max / 10 else {
                    throw CommandError("ERR COUNT must be > 0")
                }
                count = Int(n)
                j += 2
            } else if Arguments.equalsIgnoringCase(a[j], "justid") {
                justID = true
                j += 1
            } else {
                throw CommandError.syntax
            }
        }

        let time = now
        var plan = ClaimPlan()
        var cursor = StreamID.zero
        do {
            let stream = store.stream(key)!
            let group = stream.groups[groupName]!
            var attempts = count * 10
            var remaining = count
            group.pending.forEach(from: start) { id, entry in
                if attempts == 0 || remaining == 0 {
                    cursor = id
                    return false
                }
                attempts -= 1
                guard let fields = stream.entry(id) else {
                    plan.vanished.append(id)
                    remaining -= 1
                    return true
                }
                if minIdle > 0 && time - entry.deliveryTime < minIdle { return true }
                let newCount = justID ? entry.deliveryCount : entry.deliveryCount + 1
                plan.updates.append(PendingUpdate(id: id, deliveryTime: time, deliveryCount: newCount))
                plan.replies.append(justID ? EntryReplies.id(id) : EntryReplies.entry(id, fields))
                remaining -= 1
                return true
            }
        }
        commitClaim(plan, key: key, group: groupName, consumer: consumer, time: time)
        return .array([EntryReplies.id(cursor), .array(plan.replies), .array(plan.vanished.map(EntryReplies.id))])
    }
}
