import NIOCore

/// SCAN's cursor: keys are visited in the order of a stable 64-bit hash of their bytes, and the cursor is
/// the hash to resume from. Keys present for a whole iteration are returned at least once, even while
/// other keys come and go, which is the guarantee Redis gives.
enum ScanOrder {
    /// FNV-1a, fixed across runs so cursors survive restarts.
    static func hash(_ key: ByteBuffer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.readableBytesView {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// Up to `count` keys with hash >= `cursor` (more when hashes tie) and the next cursor (0 at the end).
    /// Sorting every call is O(n log n); SCAN is not a hot path and the keyspace holds streams, not items.
    static func page(after cursor: UInt64, count: Int, keys: some Collection<ByteBuffer>) -> ([ByteBuffer], UInt64) {
        let sorted = keys.lazy.map { (hash: Self.hash($0), key: $0) }.filter { $0.hash >= cursor }
            .sorted { $0.hash < $1.hash }
        var result: [ByteBuffer] = []
        var i = 0
        while i < sorted.count && (result.count < count || (i > 0 && sorted[i].hash == sorted[i - 1].hash)) {
            result.append(sorted[i].key)
            i += 1
        }
        return (result, i < sorted.count ? max(sorted[i].hash, 1) : 0)
    }
}
