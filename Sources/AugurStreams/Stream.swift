import NIOCore

/// One stream: its entries packed into blocks, its counters and its consumer groups. A value type whose
/// copies share every block until one side writes to it.
public struct Stream: Sendable {
    /// How entries are packed into blocks.
    public struct BlockLimits: Sendable, Equatable {
        /// Entries per block before a new block starts (default 100, Redis's stream-node-max-entries, so
        /// approximate trimming removes what Redis would).
        public var maxEntries: Int
        /// Encoded bytes per block before a new block starts (default 4096, Redis's stream-node-max-bytes);
        /// a larger entry gets a block alone.
        public var maxBytes: Int

        /// Creates limits; the defaults suit entries of tens to hundreds of bytes.
        public init(maxEntries: Int = 100, maxBytes: Int = 4096) {
            self.maxEntries = max(1, maxEntries)
            self.maxBytes = max(64, maxBytes)
        }
    }

    var blocks: [StreamBlock] = []
    /// Blocks before `head` were trimmed away; they are dropped in bulk so trimming stays O(1) amortized.
    var head = 0
    let limits: BlockLimits

    /// Number of entries (deleted ones excluded).
    public internal(set) var length = 0
    /// The largest id ever added (XADD's reference for `*`), kept when entries are deleted.
    public internal(set) var lastGeneratedID = StreamID.zero
    /// The largest id removed by XDEL.
    public internal(set) var maxDeletedID = StreamID.zero
    /// Entries ever added.
    public internal(set) var entriesAdded: UInt64 = 0
    /// Consumer groups by name.
    public internal(set) var groups: [ByteBuffer: ConsumerGroup] = [:]

    /// Creates an empty stream.
    public init(limits: BlockLimits = BlockLimits()) {
        self.limits = limits
    }

    /// Number of blocks holding entries.
    public var blockCount: Int { blocks.count - head }

    /// Appends an entry; `id` must be greater than `lastGeneratedID` (the caller checks).
    public mutating func append(id: StreamID, fields: ArraySlice<ByteBuffer>) {
        let size = StreamBlock.encodedSizeBound(fields: fields)
        if blocks.count > head {
            let last = blocks.count - 1
            if Int(blocks[last].count) < limits.maxEntries && blocks[last].byteCount + size <= limits.maxBytes {
                blocks[last].append(id: id, fields: fields)
                length += 1
                lastGeneratedID = id
                entriesAdded += 1
                return
            }
            sealLastBlock()
        }
        var block = StreamBlock(firstID: id, fields: fields, capacity: max(limits.maxBytes, size + 64))
        block.append(id: id, fields: fields)
        blocks.append(block)
        length += 1
        lastGeneratedID = id
        entriesAdded += 1
    }

    /// Gives back the unused tail of a full block's buffer so memory follows the data.
    mutating func sealLastBlock() {
        let last = blocks.count - 1
        let used = blocks[last].bytes.readableBytes
        if blocks[last].bytes.capacity - used > 256 {
            var compact = ByteBufferAllocator().buffer(capacity: used)
            compact.writeImmutableBuffer(blocks[last].bytes)
            blocks[last].bytes = compact
        }
    }

    /// The index of the first live block whose last id is >= `id`.
    func blockIndex(for id: StreamID) -> Int {
        var low = head
        var high = blocks.count
        while low < high {
            let mid = (low + high) >> 1
            if blocks[mid].lastID < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Visits live entries with `low <= id <= high` in ascending order until `body` returns false.
    public func forEachEntry(
        from low: StreamID, through high: StreamID, _ body: (StreamID, StreamEntryFields) throws -> Bool
    ) rethrows {
        guard low <= high else { return }
        var b = blockIndex(for: low)
        while b < blocks.count {
            let block = blocks[b]
            if block.masterID > high { return }
            var stop = false
            try block.forEachHeader { h in
                if h.id > high {
                    stop = true
                    return false
                }
                if h.deleted || h.id < low { return true }
                if try !body(h.id, block.fields(h)) {
                    stop = true
                    return false
                }
                return true
            }
            if stop { return }
            b += 1
        }
    }

    /// Visits live entries with `low <= id <= high` in descending order until `body` returns false.
    public func forEachEntryReversed(
        from high: StreamID, through low: StreamID, _ body: (StreamID, StreamEntryFields) throws -> Bool
    ) rethrows {
        guard low <= high else { return }
        var b = min(blockIndex(for: high), blocks.count - 1)
        var headers: [StreamBlock.EntryHeader] = []
        while b >= head {
            let block = blocks[b]
            if block.lastID < low { return }
            headers.removeAll(keepingCapacity: true)
            block.forEachHeader { h in
                if h.id > high { return false }
                if !h.deleted && h.id >= low { headers.append(h) }
                return true
            }
            for h in headers.reversed() where try !body(h.id, block.fields(h)) { return }
            b -= 1
        }
    }

    /// The fields of entry `id`, when it exists and is not deleted.
    public func entry(_ id: StreamID) -> StreamEntryFields? {
        var found: StreamEntryFields?
        forEachEntry(from: id, through: id) { _, fields in
            found = fields
            return false
        }
        return found
    }

    /// Whether a live entry has id `id`.
    public func contains(_ id: StreamID) -> Bool { entry(id) != nil }

    /// The smallest live id (what Redis reports as recorded-first-entry-id), or nil when empty.
    public var firstEntryID: StreamID? {
        guard length > 0 else { return nil }
        var found: StreamID?
        forEachEntry(from: .zero, through: .max) { id, _ in
            found = id
            return false
        }
        return found
    }

    /// The largest live id, or nil when empty.
    public var lastEntryID: StreamID? {
        guard length > 0 else { return nil }
        var found: StreamID?
        forEachEntryReversed(from: .max, through: .zero) { id, _ in
            found = id
            return false
        }
        return found
    }

    /// Marks entry `id` deleted; returns false when there is no such live entry. Empty blocks are dropped.
    @discardableResult
    mutating func deleteEntry(_ id: StreamID) -> Bool {
        let b = blockIndex(for: id)
        guard b < blocks.count, blocks[b].masterID <= id else { return false }
        var offset = -1
        blocks[b].forEachHeader { h in
            if h.id < id { return true }
            if h.id == id && !h.deleted { offset = h.offset }
            return false
        }
        guard offset >= 0 else { return false }
        blocks[b].markDeleted(at: offset)
        length -= 1
        if blocks[b].liveCount == 0 {
            if b == head { dropHeadBlocks(1) } else { blocks.remove(at: b) }
        }
        return true
    }

    mutating func dropHeadBlocks(_ n: Int) {
        head += n
        if head == blocks.count {
            blocks.removeAll(keepingCapacity: false)
            head = 0
        } else if head >= 64 && head * 2 >= blocks.count {
            blocks.removeFirst(head)
            head = 0
        }
    }

    /// Removes the first `n` live entries: whole blocks while they fit, then marks entries in the next block.
    /// The result depends only on the entries, so a replay reproduces it from the same count.
    public mutating func removeFirstEntries(_ n: Int) {
        var remaining = min(n, length)
        while remaining > 0 && head < blocks.count && Int(blocks[head].liveCount) <= remaining {
            remaining -= Int(blocks[head].liveCount)
            length -= Int(blocks[head].liveCount)
            dropHeadBlocks(1)
        }
        guard remaining > 0, head < blocks.count else { return }
        var offsets: [Int] = []
        blocks[head].forEachHeader { h in
            if !h.deleted {
                offsets.append(h.offset)
                if offsets.count == remaining { return false }
            }
            return true
        }
        for offset in offsets { blocks[head].markDeleted(at: offset) }
        length -= offsets.count
    }
}
