/// Redis's glob matching for KEYS and SCAN MATCH: `*`, `?`, `[abc]`, `[^a-z]`, and `\` escapes.
enum GlobPattern {
    /// Whether `string` matches `pattern`, byte by byte, case-sensitively.
    static func matches(_ pattern: some Collection<UInt8>, _ string: some Collection<UInt8>) -> Bool {
        let p = Array(pattern)
        let s = Array(string)
        return match(p, 0, s, 0, depth: 0)
    }

    private static func match(_ p: [UInt8], _ pi: Int, _ s: [UInt8], _ si: Int, depth: Int) -> Bool {
        // Redis caps recursion the same way, so pathological patterns stay cheap.
        if depth > 1000 { return false }
        var pi = pi
        var si = si
        while pi < p.count && si <= s.count {
            switch p[pi] {
            case UInt8(ascii: "*"):
                while pi + 1 < p.count && p[pi + 1] == UInt8(ascii: "*") { pi += 1 }
                if pi + 1 == p.count { return true }
                var k = si
                while k <= s.count {
                    if match(p, pi + 1, s, k, depth: depth + 1) { return true }
                    k += 1
                }
                return false
            case UInt8(ascii: "?"):
                if si == s.count { return false }
                si += 1
                pi += 1
            case UInt8(ascii: "["):
                if si == s.count { return false }
                pi += 1
                let negate = pi < p.count && p[pi] == UInt8(ascii: "^")
                if negate { pi += 1 }
                var matched = false
                while pi < p.count && p[pi] != UInt8(ascii: "]") {
                    if p[pi] == UInt8(ascii: "\\") && pi + 2 < p.count {
                        pi += 1
                        if p[pi] == s[si] { matched = true }
                    } else if pi + 2 < p.count && p[pi + 1] == UInt8(ascii: "-") {
                        var start = p[pi]
                        var end = p[pi + 2]
                        if start > end { swap(&start, &end) }
                        if s[si] >= start && s[si] <= end { matched = true }
                        pi += 2
                    } else if p[pi] == s[si] {
                        matched = true
                    }
                    pi += 1
                }
                // A missing `]` ends the class at the pattern's end, as Redis does.
                if negate { matched.toggle() }
                if !matched { return false }
                if pi < p.count { pi += 1 }
                si += 1
            case UInt8(ascii: "\\") where pi + 1 < p.count:
                pi += 1
                if si == s.count || p[pi] != s[si] { return false }
                pi += 1
                si += 1
            default:
                if si == s.count || p[pi] != s[si] { return false }
                pi += 1
                si += 1
            }
        }
        return pi == p.count && si == s.count
    }
}
