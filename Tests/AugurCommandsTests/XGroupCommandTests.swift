import Testing

@Suite("XGROUP")
struct XGroupCommandTests {
    @Test("create, busy group, missing key and MKSTREAM")
    func create() {
        let h = EngineHarness()
        #expect(h.r("XGROUP", "CREATE", "nokey", "g", "0") == .err("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."))
        #expect(h.r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM") == .status("OK"))
        #expect(h.r("XGROUP", "CREATE", "s", "g", "0") == .err("BUSYGROUP Consumer Group name already exists"))
        #expect(h.r("XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "-2") == .err("ERR value for ENTRIESREAD must be positive or -1"))
        #expect(h.r("XGROUP", "create", "s", "g2", "0", "bogus") == .err("ERR unknown subcommand or wrong number of arguments for 'create'. Try XGROUP HELP."))
        #expect(h.r("XGROUP", "CREATE", "s", "g2", "bad") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XGROUP", "CREATE", "s") == .err("ERR wrong number of arguments for 'xgroup|create' command"))
        #expect(h.r("XGROUP", "foo") == .err("ERR unknown subcommand 'foo'. Try XGROUP HELP."))
    }

    @Test("$ positions the group at the last generated id")
    func dollar() {
        let h = EngineHarness()
        h.r("XADD", "s", "5-0", "f", "v")
        h.r("XGROUP", "CREATE", "s", "g", "$")
        guard case .list(let groups) = h.r("XINFO", "GROUPS", "s") else { Issue.record("no groups"); return }
        #expect(groups[0]["last-delivered-id"] == .s("5-0"))
        #expect(groups[0]["entries-read"] == .null)
        #expect(groups[0]["lag"] == .int(0))
    }

    @Test("setid, destroy, createconsumer and delconsumer replies")
    func subcommands() {
        let h = EngineHarness()
        h.r("XADD", "s", "1-0", "f", "v")
        h.r("XGROUP", "CREATE", "s", "g", "0")
        #expect(h.r("XGROUP", "SETID", "s", "nog", "0") == .err("NOGROUP No such consumer group 'nog' for key name 's'"))
        #expect(h.r("XGROUP", "setid", "s", "g", "0", "bogus", "1") == .err("ERR unknown subcommand or wrong number of arguments for 'setid'. Try XGROUP HELP."))
        #expect(h.r("XGROUP", "SETID", "s", "g", "$", "ENTRIESREAD", "1") == .status("OK"))
        #expect(h.r("XGROUP", "CREATECONSUMER", "s", "g", "c") == .int(1))
        #expect(h.r("XGROUP", "CREATECONSUMER", "s", "g", "c") == .int(0))
        #expect(h.r("XGROUP", "CREATECONSUMER", "s", "g") == .err("ERR wrong number of arguments for 'xgroup|createconsumer' command"))
        h.r("XGROUP", "SETID", "s", "g", "0")
        h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
        #expect(h.r("XGROUP", "DELCONSUMER", "s", "g", "c") == .int(1))
        #expect(h.r("XGROUP", "DELCONSUMER", "s", "g", "c") == .int(0))
        #expect(h.r("XPENDING", "s", "g") == .list([.int(0), .null, .null, .nullList]))
        #expect(h.r("XGROUP", "DESTROY", "s", "nog") == .int(0))
        #expect(h.r("XGROUP", "DESTROY", "s", "g") == .int(1))
    }

    @Test("help lists the subcommands as status lines")
    func help() {
        let h = EngineHarness()
        guard case .list(let lines) = h.r("XGROUP", "HELP") else { Issue.record("not a list"); return }
        #expect(lines.first == .status("XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"))
        #expect(lines.count == 17)
    }
}
