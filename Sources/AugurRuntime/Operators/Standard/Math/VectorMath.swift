#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Vectorised float exp, sigmoid and tanh over buffers: 8 lanes at a time with a degree-7 polynomial
/// after range reduction (about 1 ulp); vectors holding extreme values or NaN fall back to libm.
enum VectorMath {
    typealias Vector = SIMD8<Float>

    /// exp of 8 lanes whose values all lie in [-87, 88] (the caller checks).
    @inline(__always)
    static func expInRange(_ x: Vector) -> Vector {
        let log2e: Float = 1.442_695_04
        let ln2Hi: Float = 0.693_145_751_953_125
        let ln2Lo: Float = 1.428_606_765_330_187_045e-06
        // Adding 1.5 * 2^23 rounds to an integer held in the low mantissa bits.
        let magic = Vector(repeating: 12_582_912)
        let shifted = x * log2e + magic
        let n = shifted - magic
        let r = x - n * ln2Hi - n * ln2Lo
        var p = Vector(repeating: 1.0 / 5040)
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let nBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: Vector.self)
        return p * scale
    }

    /// Whether every lane is a number inside the polynomial's range.
    @inline(__always)
    static func inRange(_ x: Vector) -> Bool {
        all((x .>= -87) .& (x .<= 88))
    }

    /// `out[i] = exp(x[i])`.
    static func exp(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        map(x, out, count: count, vector: { expInRange($0) }, scalar: { expf($0) })
    }

    /// `out[i] = 1 / (1 + exp(-x[i]))`.
    static func sigmoid(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        map(x, out, count: count, vector: { 1 / (1 + expInRange(-$0)) }, scalar: scalarSigmoid)
    }

    /// `out[i] = tanh(x[i])`; near zero an odd Taylor polynomial avoids the cancellation in `1 - 2/(e^2x + 1)`.
    static func tanh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        let raw = UnsafeRawPointer(x)
        let rawOut = UnsafeMutableRawPointer(out)
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i &* 4, as: Vector.self)
            let doubled = v + v
            if inRange(doubled) {
                var r = 1 - 2 / (expInRange(doubled) + 1)
                let v2 = v * v
                var poly = Vector(repeating: -17.0 / 315) * v2
                poly = (poly + Vector(repeating: 2.0 / 15)) * v2
                poly = (poly + Vector(repeating: -1.0 / 3)) * v2
                let series = v + v * poly
                let magnitude = v.replacing(with: -v, where: v .< 0)
                r.replace(with: series, where: magnitude .< 0.0625)
                rawOut.storeBytes(of: r, toByteOffset: i &* 4, as: Vector.self)
            } else {
                for j in i..<(i + 8) { out[j] = tanhf(x[j]) }
            }
            i &+= 8
        }
        while i < count {
            out[i] = tanhf(x[i])
            i &+= 1
        }
    }

    /// The sum of `count` contiguous floats, in 16 interleaved partial sums so the loop vectorises.
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = Vector()
        var acc1 = Vector()
        let raw = UnsafeRawPointer(x)
        var i = 0
        while i + 16 <= count {
            acc0 += raw.loadUnaligned(fromByteOffset: i &* 4, as: Vector.self)
            acc1 += raw.loadUnaligned(fromByteOffset: (i &+ 8) &* 4, as: Vector.self)
            i &+= 16
        }
        var s = (acc0 + acc1).sum()
        while i < count {
            s += x[i]
            i &+= 1
        }
        return s
    }

    @inline(__always)
    static func scalarSigmoid(_ v: Float) -> Float {
        v >= 0 ? 1 / (1 + expf(-v)) : { let e = expf(v); return e / (1 + e) }()
    }

    @inline(__always)
    static func map(
        _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int,
        vector: (Vector) -> Vector, scalar: (Float) -> Float
    ) {
        var i = 0
        let raw = UnsafeRawPointer(x)
        let rawOut = UnsafeMutableRawPointer(out)
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i &* 4, as: Vector.self)
            if inRange(v) {
                rawOut.storeBytes(of: vector(v), toByteOffset: i &* 4, as: Vector.self)
            } else {
                for j in i..<(i + 8) { out[j] = scalar(x[j]) }
            }
            i &+= 8
        }
        while i < count {
            out[i] = scalar(x[i])
            i &+= 1
        }
    }
}
