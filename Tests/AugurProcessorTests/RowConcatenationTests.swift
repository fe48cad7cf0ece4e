import AugurRuntime
import Testing

@testable import AugurProcessor

@Suite("RowConcatenation")
struct RowConcatenationTests {
    @Test("concatenating random row counts and slicing gives every part back exactly", arguments: 0..<20)
    func concatenateThenSliceRoundTrips(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let counts = (0..<Int.random(in: 1...8, using: &generator)).map { _ in Int.random(in: 0...5, using: &generator) }
        var next: Float = 0
        let parts = counts.map { rows -> Tensor in
            let values = (0..<(rows * 3)).map { _ -> Float in
                next += 1
                return next
            }
            return Tensor(shape: [rows, 3], elements: values)
        }
        let whole = RowConcatenation.concatenate(parts)
        let total = counts.reduce(0, +)
        #expect(whole.shape == [total, 3])
        var offset = 0
        for (part, rows) in zip(parts, counts) {
            let slice = RowConcatenation.slice(.tensor(whole), rows: offset..<(offset + rows), totalRows: total)
            #expect(slice == .tensor(part))
            offset += rows
        }
    }

    @Test("a map sequence is split into each request's maps")
    func mapSequenceSplits() throws {
        let maps = try MapSequence(keys: .int64([0, 1]), values: [0.1, 0.9, 0.2, 0.8, 0.3, 0.7])
        let slice = RowConcatenation.slice(.mapSequence(maps), rows: 1..<3, totalRows: 3)
        #expect(slice == .mapSequence(try MapSequence(keys: .int64([0, 1]), values: [0.2, 0.8, 0.3, 0.7])))
    }

    @Test("an output without one row per input row cannot be split")
    func nonRowOutputIsNotSplit() {
        let scalar = Tensor(scalar: Float(1))
        #expect(RowConcatenation.slice(.tensor(scalar), rows: 0..<1, totalRows: 2) == nil)
        let wrongRows = Tensor(shape: [3], elements: [Int64(1), 2, 3])
        #expect(RowConcatenation.slice(.tensor(wrongRows), rows: 0..<1, totalRows: 2) == nil)
    }

    @Test("string tensors concatenate too")
    func stringTensorsConcatenate() {
        let a = Tensor(shape: [1, 2], elements: ["a", "b"])
        let b = Tensor(shape: [2, 2], elements: ["c", "d", "e", "f"])
        #expect(RowConcatenation.concatenate([a, b]) == Tensor(shape: [3, 2], elements: ["a", "b", "c", "d", "e", "f"]))
    }
}

/// SplitMix64, so property tests reproduce from their seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
