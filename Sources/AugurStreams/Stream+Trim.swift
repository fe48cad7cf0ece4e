/// How XADD and XTRIM bound a stream.
public struct TrimRequest: Sendable, Equatable {
    /// What bounds the stream.
    public enum Strategy: Sendable, Equatable {
        /// Keep at most this many entries.
        case maxLength(Int)
        /// Drop entries with smaller ids.
        case minID(StreamID)
    }

    /// The bound.
    public var strategy: Strategy
    /// `~`: remove whole blocks only, so the stream may keep a few more entries than asked.
    public var approximate: Bool
    /// With `approximate`, the most entries one call removes; 0 means no limit.
    public var limit: Int

    /// Creates a request.
    public init(strategy: Strategy, approximate: Bool = false, limit: Int = 0) {
        self.strategy = strategy
        self.approximate = approximate
        self.limit = limit
    }
}

extension Stream {
    /// How many leading live entries a trim removes, following Redis: blocks go whole while they lie
    /// entirely beyond the bound (and within `limit`); an exact trim then cuts into the next block.
    public func entriesToTrim(_ request: TrimRequest) -> Int {
        var removed = 0
        var b = head
        while b < blocks.count {
            let block = blocks[b]
            let live = Int(block.liveCount)
            switch request.strategy {
            case .maxLength(let maxLength):
                if length - removed <= maxLength { return removed }
            case .minID:
                break
            }
            if request.limit > 0 && removed + live > request.limit { return removed }
            let wholeBlock: Bool
            switch request.strategy {
            case .maxLength(let maxLength): wholeBlock = length - removed - live >= maxLength
            case .minID(let minID): wholeBlock = block.lastID < minID
            }
            if wholeBlock {
                removed += live
                b += 1
                continue
            }
            if request.approximate { return removed }
            switch request.strategy {
            case .maxLength(let maxLength):
                removed += (length - removed) - maxLength
            case .minID(let minID):
                block.forEachHeader { h in
                    if h.id >= minID { return false }
                    if !h.deleted { removed += 1 }
                    return true
                }
            }
            return removed
        }
        return removed
    }
}
