/// A canary as the host holds it: the loaded version, its share, and the generator that draws routes.
struct CanaryRoute {
    var model: LoadedModel
    var percent: Int
    var sinceMilliseconds: UInt64
    var random: SplitMix64

    init(model: LoadedModel, percent: Int, sinceMilliseconds: UInt64) {
        self.model = model
        self.percent = percent
        self.sinceMilliseconds = sinceMilliseconds
        var seed = SystemRandomNumberGenerator()
        self.random = SplitMix64(seed: seed.next())
    }

    /// Draws whether the next unpinned request goes to the canary: true with probability `percent`/100.
    mutating func takesNext() -> Bool {
        // Multiply-shift maps the top 32 bits onto 0..<100 without a division.
        let draw = ((random.next() >> 32) &* 100) >> 32
        return draw < UInt64(percent)
    }

    var state: CanaryState {
        CanaryState(version: model.version, percent: percent, sinceMilliseconds: sinceMilliseconds)
    }
}

/// SplitMix64, a seeded generator of a few arithmetic instructions per draw: good enough for traffic
/// splitting (mutated under the host's lock, so the prediction path needs no second synchronisation) and
/// for reproducible synthetic inputs.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
