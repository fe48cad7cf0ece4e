/// An ordered map from stream ids to values, stored as a sorted array of small sorted chunks.
///
/// It serves the pending entries lists: inserts and removals cost a binary search over chunks plus a
/// move inside one chunk (at most `chunkCapacity` elements), and copying the map copies only the chunk
/// array; a mutated chunk is copied on write on its own.
public struct SortedIDMap<Value: Sendable>: Sendable {
    struct Chunk: Sendable {
        var ids: [StreamID]
        var values: [Value]

        init(ids: [StreamID], values: [Value]) {
            self.ids = ids
            self.values = values
        }
    }

    static var chunkCapacity: Int { 64 }

    var chunks: [Chunk] = []
    /// Number of ids in the map.
    public private(set) var count: Int = 0

    /// Creates an empty map.
    public init() {}

    /// True when the map holds no id.
    public var isEmpty: Bool { count == 0 }

    /// The index of the first chunk whose last id is >= `id` (chunks.count when every chunk is smaller).
    func chunkIndex(for id: StreamID) -> Int {
        var low = 0
        var high = chunks.count
        while low < high {
            let mid = (low + high) >> 1
            if chunks[mid].ids[chunks[mid].ids.count - 1] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func lowerBound(_ ids: [StreamID], _ id: StreamID) -> Int {
        var low = 0
        var high = ids.count
        while low < high {
            let mid = (low + high) >> 1
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The value stored for `id`.
    public subscript(id: StreamID) -> Value? {
        let c = chunkIndex(for: id)
        guard c < chunks.count else { return nil }
        let i = Self.lowerBound(chunks[c].ids, id)
        return chunks[c].ids[i] == id ? chunks[c].values[i] : nil
    }

    /// Inserts or replaces the value of `id`; returns the previous value.
    @discardableResult
    public mutating func set(_ id: StreamID, _ value: Value) -> Value? {
        if chunks.isEmpty {
            chunks.append(Chunk(ids: [id], values: [value]))
            count = 1
            return nil
        }
        var c = chunkIndex(for: id)
        if c == chunks.count {
            // Appending past the largest id is the common case (fresh deliveries): fill the last chunk.
            c -= 1
            if chunks[c].ids.count >= Self.chunkCapacity {
                var ids = [StreamID]()
                ids.reserveCapacity(Self.chunkCapacity)
                ids.append(id)
                var values = [Value]()
                values.reserveCapacity(Self.chunkCapacity)
                values.append(value)
                chunks.append(Chunk(ids: ids, values: values))
            } else {
                chunks[c].ids.append(id)
                chunks[c].values.append(value)
            }
            count += 1
            return nil
        }
        let i = Self.lowerBound(chunks[c].ids, id)
        if chunks[c].ids[i] == id {
            let old = chunks[c].values[i]
            chunks[c].values[i] = value
            return old
        }
        chunks[c].ids.insert(id, at: i)
        chunks[c].values.insert(value, at: i)
        count += 1
        if chunks[c].ids.count > Self.chunkCapacity { split(c) }
        return nil
    }

    mutating func split(_ c: Int) {
        let half = chunks[c].ids.count / 2
        let tail = Chunk(ids: Array(chunks[c].ids[half...]), values: Array(chunks[c].values[half...]))
        chunks[c].ids.removeSubrange(half...)
        chunks[c].values.removeSubrange(half...)
        chunks.insert(tail, at: c + 1)
    }

    /// Removes `id`; returns its value when it was present.
    @discardableResult
    public mutating func remove(_ id: StreamID) -> Value? {
        let c = chunkIndex(for: id)
        guard c < chunks.count else { return nil }
        let i = Self.lowerBound(chunks[c].ids, id)
        guard chunks[c].ids[i] == id else { return nil }
        chunks[c].ids.remove(at: i)
        let old = chunks[c].values.remove(at: i)
        count -= 1
        if chunks[c].ids.isEmpty {
            chunks.remove(at: c)
        } else if c + 1 < chunks.count
            && chunks[c].ids.count + chunks[c + 1].ids.count <= Self.chunkCapacity / 2
        {
            // Merge sparse neighbours so random removals do not leave a long array of tiny chunks.
            let next = chunks.remove(at: c + 1)
            chunks[c].ids.append(contentsOf: next.ids)
            chunks[c].values.append(contentsOf: next.values)
        }
        return old
    }

    /// Removes every id.
    public mutating func removeAll() {
        chunks = []
        count = 0
    }

    /// The smallest id and its value.
    public var first: (id: StreamID, value: Value)? {
        guard let chunk = chunks.first else { return nil }
        return (chunk.ids[0], chunk.values[0])
    }

    /// The largest id and its value.
    public var last: (id: StreamID, value: Value)? {
        guard let chunk = chunks.last else { return nil }
        return (chunk.ids[chunk.ids.count - 1], chunk.values[chunk.values.count - 1])
    }

    /// Visits ids in ascending order starting at the first id >= `start`, until `body` returns false.
    public func forEach(from start: StreamID = .zero, _ body: (StreamID, Value) throws -> Bool) rethrows {
        var c = chunkIndex(for: start)
        guard c < chunks.count else { return }
        var i = Self.lowerBound(chunks[c].ids, start)
        while c < chunks.count {
            let chunk = chunks[c]
            while i < chunk.ids.count {
                if try !body(chunk.ids[i], chunk.values[i]) { return }
                i += 1
            }
            c += 1
            i = 0
        }
    }

    /// The id following `id` (the first id > `id`).
    public func id(after id: StreamID) -> StreamID? {
        guard let next = id.successor else { return nil }
        var found: StreamID?
        forEach(from: next) { candidate, _ in
            found = candidate
            return false
        }
        return found
    }
}
