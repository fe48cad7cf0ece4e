/// Appends JSON text to a byte buffer; numbers use Swift's shortest round-trip form.
struct JSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        bytes.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }

    mutating func integer<T: BinaryInteger>(_ v: T) {
        bytes.append(contentsOf: v.description.utf8)
    }

    /// A float as its shortest decimal form; NaN and infinities (not JSON) become `null`.
    mutating func float(_ v: Float) {
        guard v.isFinite else { return raw("null") }
        bytes.append(contentsOf: v.description.utf8)
    }

    /// A double as its shortest decimal form; NaN and infinities (not JSON) become `null`.
    mutating func double(_ v: Double) {
        guard v.isFinite else { return raw("null") }
        bytes.append(contentsOf: v.description.utf8)
    }

    mutating func bool(_ v: Bool) { v ? raw("true") : raw("false") }

    mutating func comma() { bytes.append(UInt8(ascii: ",")) }

    /// `[a,b,c]` using `element` for each item.
    mutating func array<S: Sequence>(_ items: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { comma() }
            first = false
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
