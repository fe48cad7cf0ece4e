/// An IEEE 754 half-precision number kept as its bit pattern, so the runtime does not depend on
/// `Swift.Float16` (unavailable on some platforms); arithmetic happens in `Float`.
public struct Float16Bits: Hashable, Sendable, CustomStringConvertible {
    /// The raw 16-bit pattern.
    public var bitPattern: UInt16

    /// Wraps a raw bit pattern.
    public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// Rounds a `Float` to the nearest half (ties to even); overflow gives infinity.
    public init(_ value: Float) { self.bitPattern = Float16Bits.encode(value) }

    /// The value widened to `Float` (exact).
    public var floatValue: Float { Float16Bits.decode(bitPattern) }

    /// Human-readable text, as used in error messages.
    public var description: String { floatValue.description }

    @usableFromInline
    static func decode(_ bits: UInt16) -> Float {
        let h = UInt32(bits)
        let sign = (h & 0x8000) << 16
        let exponent = (h >> 10) & 0x1F
        var mantissa = h & 0x3FF
        if exponent == 0 {
            if mantissa == 0 { return Float(bitPattern: sign) }
            var e: UInt32 = 127 - 15 + 1
            while mantissa & 0x400 == 0 {
                mantissa <<= 1
                e -= 1
            }
            mantissa &= 0x3FF
            return Float(bitPattern: sign | (e << 23) | (mantissa << 13))
        }
        if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    @usableFromInline
    static func encode(_ value: Float) -> UInt16 {
        let f = value.bitPattern
        let sign = UInt16((f >> 16) & 0x8000)
        let exponent = Int((f >> 23) & 0xFF)
        let mantissa = f & 0x7F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
        let e = exponent - 127 + 15
        if e >= 31 { return sign | 0x7C00 }
        if e <= 0 {
            if e < -10 { return sign }
            let m = mantissa | 0x80_0000
            let shift = UInt32(14 - e)
            var half = m >> shift
            let remainder = m & ((1 << shift) - 1)
            let halfway: UInt32 = 1 << (shift - 1)
            if remainder > halfway || (remainder == halfway && half & 1 == 1) { half += 1 }
            return sign | UInt16(half)
        }
        var half = UInt32(e) << 10 | (mantissa >> 13)
        let remainder = mantissa & 0x1FFF
        if remainder > 0x1000 || (remainder == 0x1000 && half & 1 == 1) { half += 1 }
        return sign | UInt16(half)
    }
}
