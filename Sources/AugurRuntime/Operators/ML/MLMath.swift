import Foundation

/// The scalar functions behind post transforms and SVM probabilities.
enum MLMath {
    /// 1 / (1 + e^-x), computed on |x| so large magnitudes do not overflow.
    @inlinable
    static func logistic(_ x: Float) -> Float {
        let v = 1 / (1 + expf(-abs(x)))
        return x < 0 ? 1 - v : v
    }

    /// The inverse error function, by the same closed-form approximation onnxruntime uses (a = 0.147).
    @inlinable
    static func erfInv(_ value: Float) -> Float {
        let sign: Float = value < 0 ? -1 : 1
        let x = (1 - value) * (1 + value)
        let lnx = logf(x)
        let v = 2 / (Float.pi * 0.147) + 0.5 * lnx
        let v2 = 1 / Float(0.147) * lnx
        let v3 = -v + (v * v - v2).squareRoot()
        return sign * v3.squareRoot()
    }

    /// The probit function √2 · erfinv(2x − 1).
    @inlinable
    static func probit(_ x: Float) -> Float {
        Float(2).squareRoot() * erfInv(2 * x - 1)
    }

    /// Softmax over one row, shifted by the row maximum for stability.
    @inlinable
    static func softmax(_ row: UnsafeMutableBufferPointer<Float>) {
        var maximum = -Float.greatestFiniteMagnitude
        for v in row where v > maximum { maximum = v }
        var sum: Float = 0
        for i in row.indices {
            row[i] = expf(row[i] - maximum)
            sum += row[i]
        }
        for i in row.indices { row[i] /= sum }
    }

    /// Softmax that leaves (near-)zero scores out of the normalisation, as SOFTMAX_ZERO specifies.
    @inlinable
    static func softmaxZero(_ row: UnsafeMutableBufferPointer<Float>) {
        var maximum = -Float.greatestFiniteMagnitude
        for v in row where v > maximum { maximum = v }
        let expNegMax = expf(-maximum)
        var sum: Float = 0
        for i in row.indices {
            let v = row[i]
            if v > 0.0000001 || v < -0.0000001 {
                row[i] = expf(v - maximum)
                sum += row[i]
            } else {
                row[i] = v * expNegMax
            }
        }
        for i in row.indices { row[i] /= sum }
    }
}

extension MLMath {
    /// Σ a[k]·b[k] over `n` floats, eight lanes at a time so the adds do not form one long chain.
    @inlinable @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var k = 0
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        while k + 16 <= n {
            let a0 = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
            let b0 = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            let a1 = UnsafeRawPointer(a + k + 8).loadUnaligned(as: SIMD8<Float>.self)
            let b1 = UnsafeRawPointer(b + k + 8).loadUnaligned(as: SIMD8<Float>.self)
            acc0 += a0 * b0
            acc1 += a1 * b1
            k += 16
        }
        if k + 8 <= n {
            acc0 += UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            k += 8
        }
        var sum = (acc0 + acc1).sum()
        while k < n {
            sum += a[k] * b[k]
            k += 1
        }
        return sum
    }
}
