import AugurRuntime

/// Compares a produced value with ONNX's expected one as its backend tests do: floating point with
/// |actual - expected| <= atol + rtol * |expected| (NaN matches NaN), everything else exactly.
enum ValueComparison {
    /// nil when the values match, else a description of the first difference.
    static func difference(actual: Value, expected: Value, rtol: Double, atol: Double) -> String? {
        switch (actual, expected) {
        case (.tensor(let a), .tensor(let e)):
            return tensorDifference(a, e, rtol: rtol, atol: atol)
        case (.sequence(let a), .sequence(let e)):
            guard a.count == e.count else { return "sequence length \(a.count), expected \(e.count)" }
            for (i, (x, y)) in zip(a, e).enumerated() {
                if let d = difference(actual: x, expected: y, rtol: rtol, atol: atol) { return "element \(i): \(d)" }
            }
            return nil
        default:
            return "got \(actual.kindDescription), expected \(expected.kindDescription)"
        }
    }

    private static func tensorDifference(_ a: Tensor, _ e: Tensor, rtol: Double, atol: Double) -> String? {
        guard a.dataType == e.dataType else { return "element type \(a.dataType), expected \(e.dataType)" }
        guard a.shape == e.shape else { return "shape \(a.shape), expected \(e.shape)" }
        switch (a.storage, e.storage) {
        case (.float(let x), .float(let y)): return close(x.map(Double.init), y.map(Double.init), rtol, atol)
        case (.double(let x), .double(let y)): return close(x, y, rtol, atol)
        case (.float16(let x), .float16(let y)):
            return close(x.map { Double($0.floatValue) }, y.map { Double($0.floatValue) }, rtol, atol)
        default:
            guard a.storage == e.storage else { return "values differ: got \(preview(a)), expected \(preview(e))" }
            return nil
        }
    }

    private static func close(_ x: [Double], _ y: [Double], _ rtol: Double, _ atol: Double) -> String? {
        for i in 0..<x.count {
            let a = x[i]
            let e = y[i]
            if a.isNaN && e.isNaN { continue }
            if a == e { continue }
            if abs(a - e) <= atol + rtol * abs(e) { continue }
            return "element \(i) is \(a), expected \(e) (rtol \(rtol), atol \(atol))"
        }
        return nil
    }

    private static func preview(_ t: Tensor) -> String {
        let text = "\(t.storage)"
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
