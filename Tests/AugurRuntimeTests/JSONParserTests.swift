import Foundation
import Testing

@testable import AugurRuntime

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// Converts a parsed value to Foundation objects so it can be compared with JSONSerialization's view.
    private func foundation(_ v: JSONValue) -> Any {
        switch v {
        case .null: return NSNull()
        case .bool(let b): return b
        case .number(let n): return n.double
        case .string(let s): return s
        case .array(let a): return a.map(foundation)
        case .object(let o): return o.mapValues(foundation)
        case .flatArray(let f):
            let flat: [Any]
            switch f.elements {
            case .numbers(let d, _, _): flat = d
            case .bools(let b): flat = b
            case .strings(let s): flat = s
            }
            func nest(_ level: Int, _ offset: Int) -> Any {
                if level == f.shape.count - 1 { return Array(flat[offset..<(offset + f.shape[level])]) }
                let inner = f.shape[(level + 1)...].reduce(1, *)
                return (0..<f.shape[level]).map { nest(level + 1, offset + $0 * inner) }
            }
            return nest(0, 0)
        }
    }

    private func same(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case (let x as [String: Any], let y as [String: Any]):
            return x.count == y.count && x.allSatisfy { k, v in y[k].map { same(v, $0) } ?? false }
        case (let x as [Any], let y as [Any]):
            return x.count == y.count && zip(x, y).allSatisfy(same)
        case (let x as String, let y as String): return x == y
        case (is NSNull, is NSNull): return true
        case (let x as Bool, let y as NSNumber): return x == y.boolValue
        case (let x as Double, let y as NSNumber): return x == y.doubleValue
        default: return false
        }
    }

    @Test("rectangular nested numeric arrays are kept flat with their shape")
    func flatNumbers() throws {
        guard case .flatArray(let f) = try parse("[[1, 2.5], [3, -4e1]]") else {
            Issue.record("expected a flat array")
            return
        }
        #expect(f.shape == [2, 2])
        guard case .numbers(let d, let ints, _) = f.elements else { return }
        #expect(d == [1, 2.5, 3, -40])
        #expect(ints == nil)
    }

    @Test("mixed or ragged arrays fall back to general arrays")
    func fallback() throws {
        guard case .array(let a) = try parse(#"[1, "a", [2]]"#) else {
            Issue.record("expected a general array")
            return
        }
        #expect(a.count == 3)
        guard case .array = try parse("[[1],[2,3]]") else {
            Issue.record("a ragged array must not be flat")
            return
        }
    }

    @Test("escapes and surrogate pairs decode")
    func escapes() throws {
        guard case .string(let s) = try parse(#""a\"\\\/\b\f\n\r\t\u0041\ud83d\ude00""#) else {
            Issue.record("expected a string")
            return
        }
        #expect(s == "a\"\\/\u{8}\u{c}\n\r\tA😀")
    }

    @Test(
        "invalid documents are rejected",
        arguments: [
            "", "[1,]", "{\"a\" 1}", "[01]", "\"unterminated", "[1] 2", "tru", "{\"a\":}", "[\"\\x\"]", "-", "1.", "[1e]",
            String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        ]
    )
    func rejects(text: String) {
        #expect(throws: RuntimeError.self) { try parse(text) }
    }

    @Test("random documents parse to what JSONSerialization reads")
    func matchesFoundation() throws {
        var rng = SplitMix(seed: 42)
        for _ in 0..<300 {
            let document = randomValue(&rng, depth: 0)
            let data = try JSONSerialization.data(withJSONObject: ["v": document], options: [.fragmentsAllowed])
            let mine = foundation(try JSONParser.parse([UInt8](data)))
            let theirs = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            #expect(same(mine, theirs), "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test("randomly corrupted requests decode or throw, never crash")
    func corruptedRequestsNeverCrash() {
        let original = Array(
            #"{"id":"a","inputs":[{"name":"X","shape":[2,2],"datatype":"FP64","data":[[1.5,-2e3],[0.30000000000000004,4]]}],"outputs":[{"name":"y"}]}"#
                .utf8
        )
        let inputs = [ValueInfo(name: "X", type: .tensor(elementType: .double, shape: [.symbolic("N"), .fixed(2)]))]
        let alphabet = Array(#"[]{},:"-.e0123456789 tfn\u"#.utf8)
        var rng = SplitMix(seed: 5)
        for _ in 0..<5000 {
            var bytes = original
            for _ in 0..<Int(rng.next() % 3) + 1 {
                let i = Int(rng.next() % UInt64(bytes.count))
                let replacement = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                switch rng.next() % 3 {
                case 0: bytes[i] = replacement
                case 1: bytes.remove(at: i)
                default: bytes.insert(replacement, at: i)
                }
            }
            _ = try? V2InferenceRequest(json: bytes, modelInputs: inputs)
        }
    }

    private func randomValue(_ rng: inout SplitMix, depth: Int) -> Any {
        switch rng.next() % (depth > 3 ? 4 : 7) {
        case 0: return Double(Int(rng.next() % 2_000_001) - 1_000_000) / 1000
        case 1: return rng.next() % 2 == 0
        case 2: return ["", "x", "é\"\\\n", "😀 ok", "\u{1}"][Int(rng.next() % 5)]
        case 3: return Int(rng.next() % 1000) - 500
        case 4: return (0..<Int(rng.next() % 4)).map { _ in randomValue(&rng, depth: depth + 1) }
        case 5:
            let rows = Int(rng.next() % 3) + 1
            let cols = Int(rng.next() % 3) + 1
            return (0..<rows).map { _ in (0..<cols).map { _ in Double(Int(rng.next() % 100)) / 8 } }
        default:
            var o: [String: Any] = [:]
            for i in 0..<Int(rng.next() % 4) { o["k\(i)"] = randomValue(&rng, depth: depth + 1) }
            return o
        }
    }
}

/// A small deterministic generator so the random test is reproducible.
struct SplitMix {
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
