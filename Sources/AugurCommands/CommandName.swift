import NIOCore

/// The commands the engine implements, recognised from the name's bytes without building a String.
enum CommandName: CaseIterable {
    case xadd, xlen, xrange, xrevrange, xread, xreadgroup, xdel, xtrim, xack, xpending, xclaim, xautoclaim
    case xgroup, xinfo, del, exists, type, keys, scan, dbsize, flushdb, flushall

    /// The lowercase name Redis uses in error texts.
    var text: String {
        switch self {
        case .xadd: "xadd"
        case .xlen: "xlen"
        case .xrange: "xrange"
        case .xrevrange: "xrevrange"
        case .xread: "xread"
        case .xreadgroup: "xreadgroup"
        case .xdel: "xdel"
        case .xtrim: "xtrim"
        case .xack: "xack"
        case .xpending: "xpending"
        case .xclaim: "xclaim"
        case .xautoclaim: "xautoclaim"
        case .xgroup: "xgroup"
        case .xinfo: "xinfo"
        case .del: "del"
        case .exists: "exists"
        case .type: "type"
        case .keys: "keys"
        case .scan: "scan"
        case .dbsize: "dbsize"
        case .flushdb: "flushdb"
        case .flushall: "flushall"
        }
    }

    /// Redis's arity: positive means exactly that many words, negative means at least that many.
    var arity: Int {
        switch self {
        case .xadd: -5
        case .xlen: 2
        case .xrange, .xrevrange, .xread, .xtrim, .xack: -4
        case .xreadgroup: -7
        case .xdel, .xpending: -3
        case .xclaim, .xautoclaim: -6
        case .xgroup, .xinfo, .del, .exists, .scan: -2
        case .type, .keys: 2
        case .dbsize: 1
        case .flushdb, .flushall: -1
        }
    }

    /// Whether `count` words satisfy the arity.
    func accepts(argumentCount count: Int) -> Bool {
        arity >= 0 ? count == arity : count >= -arity
    }

    /// Recognises a command name case-insensitively: a switch on length and letters, then one compare.
    init?(_ name: ByteBuffer) {
        guard let found = name.withUnsafeReadableBytes({ CommandName(raw: $0) }) else { return nil }
        self = found
    }

    /// Recognises a command name from raw bytes (see `init(_:)`).
    init?(raw: UnsafeRawBufferPointer) {
        let candidate: CommandName? = { () -> CommandName? in
            guard raw.count >= 3 else { return nil }
            let c0 = raw[0] | 0x20
            let c1 = raw[1] | 0x20
            let c2 = raw[2] | 0x20
            switch raw.count {
            case 3: return .del
            case 4:
                switch c0 {
                case UInt8(ascii: "t"): return .type
                case UInt8(ascii: "k"): return .keys
                case UInt8(ascii: "s"): return .scan
                default:
                    switch (c1, c2) {
                    case (UInt8(ascii: "a"), UInt8(ascii: "d")): return .xadd
                    case (UInt8(ascii: "a"), _): return .xack
                    case (UInt8(ascii: "l"), _): return .xlen
                    default: return .xdel
                    }
                }
            case 5:
                switch c1 {
                case UInt8(ascii: "r"): return .xread
                case UInt8(ascii: "t"): return .xtrim
                default: return .xinfo
                }
            case 6:
                switch c0 {
                case UInt8(ascii: "e"): return .exists
                case UInt8(ascii: "d"): return .dbsize
                default:
                    switch c1 {
                    case UInt8(ascii: "r"): return .xrange
                    case UInt8(ascii: "g"): return .xgroup
                    default: return .xclaim
                    }
                }
            case 7: return .flushdb
            case 8: return c0 == UInt8(ascii: "f") ? .flushall : .xpending
            case 9: return .xrevrange
            case 10: return c1 == UInt8(ascii: "r") ? .xreadgroup : .xautoclaim
            default: return nil
            }
        }()
        guard let candidate, Arguments.equalsIgnoringCase(raw, candidate.text) else { return nil }
        self = candidate
    }
}
