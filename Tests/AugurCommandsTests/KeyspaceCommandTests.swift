import Testing

@Suite("Keyspace commands")
struct KeyspaceCommandTests {
    func keys(_ names: String...) -> EngineHarness {
        let h = EngineHarness()
        for name in names { h.r("XADD", name, "1-0", "f", "v") }
        return h
    }

    @Test("DEL, EXISTS, TYPE and DBSIZE")
    func basics() {
        let h = keys("a", "b")
        #expect(h.r("EXISTS", "a", "a", "nokey") == .int(2))
        #expect(h.r("TYPE", "a") == .status("stream"))
        #expect(h.r("TYPE", "nokey") == .status("none"))
        #expect(h.r("DBSIZE") == .int(2))
        #expect(h.r("DEL", "a", "a", "nokey") == .int(1))
        #expect(h.r("DBSIZE") == .int(1))
        #expect(h.r("KEYS") == .err("ERR wrong number of arguments for 'keys' command"))
    }

    @Test("KEYS matches Redis glob patterns")
    func globs() {
        let h = keys("hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo")
        func sortedKeys(_ pattern: String) -> [String] {
            guard case .list(let l) = h.r("KEYS", pattern) else { return [] }
            return l.map(\.description).sorted()
        }
        #expect(sortedKeys("h?llo") == ["\"h*llo\"", "\"hallo\"", "\"hello\"", "\"hxllo\""])
        #expect(sortedKeys("h*llo").count == 6)
        #expect(sortedKeys("h[ae]llo") == ["\"hallo\"", "\"hello\""])
        #expect(sortedKeys("h[^e]llo") == ["\"h*llo\"", "\"hallo\"", "\"hxllo\""])
        #expect(sortedKeys("h[a-b]llo") == ["\"hallo\""])
        #expect(sortedKeys("h\\*llo") == ["\"h*llo\""])
    }

    @Test("SCAN visits every key once across pages and honours MATCH and TYPE")
    func scan() {
        let h = EngineHarness()
        for i in 0..<25 { h.run(words: ["XADD", "k\(i)", "1-0", "f", "v"]) }
        var cursor = "0"
        var seen: [String] = []
        repeat {
            guard case .list(let page) = h.r("SCAN", cursor, "COUNT", "7"), case .s(let next) = page[0],
                case .list(let batch) = page[1]
            else { Issue.record("bad page"); return }
            seen += batch.map(\.description)
            cursor = next
        } while cursor != "0"
        #expect(seen.count == 25)
        #expect(Set(seen).count == 25)
        #expect(h.r("SCAN", "0", "COUNT", "100", "MATCH", "k1?") == .list([.s("0"), .list(h.scanAll("k1?"))]))
        #expect(h.r("SCAN", "0", "COUNT", "100", "TYPE", "string") == .list([.s("0"), .list([])]))
        #expect(h.r("SCAN", "abc") == .err("ERR invalid cursor"))
        #expect(h.r("SCAN", "0", "COUNT", "0") == .err("ERR syntax error"))
        #expect(h.r("SCAN", "0", "MATCH") == .err("ERR syntax error"))
    }

    @Test("FLUSHDB and FLUSHALL empty the keyspace and check their option")
    func flush() {
        let h = keys("a", "b")
        #expect(h.r("FLUSHDB", "foo") == .err("ERR syntax error"))
        #expect(h.r("FLUSHDB", "ASYNC") == .status("OK"))
        #expect(h.r("DBSIZE") == .int(0))
        h.r("XADD", "a", "1-0", "f", "v")
        #expect(h.r("FLUSHALL", "SYNC") == .status("OK"))
        #expect(h.r("DBSIZE") == .int(0))
    }
}

extension EngineHarness {
    /// Keys matching `pattern` in SCAN's order, from one big page.
    func scanAll(_ pattern: String) -> [Reply] {
        guard case .list(let page) = r("SCAN", "0", "COUNT", "1000"), case .list(let all) = page[1] else { return [] }
        guard case .list(let matching) = r("KEYS", pattern) else { return [] }
        let wanted = Set(matching.map(\.description))
        return all.filter { wanted.contains($0.description) }
    }
}
