import AugurRESP
import AugurStreams
import NIOCore

/// The options XADD and XTRIM share.
struct AddTrimOptions {
    var trim: TrimRequest?
    var noMakeStream = false
    var idRequest: StreamIDRequest = .auto
    /// Index of the id argument (XADD) or one past the last option (XTRIM).
    var next: Int
}

extension EngineState {
    /// Parses `[NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] id` (XADD) or the trim part (XTRIM).
    mutating func parseAddOrTrim(_ a: [ByteBuffer], xadd: Bool) throws -> AddTrimOptions {
        var options = AddTrimOptions(next: a.count)
        var strategy: TrimRequest.Strategy?
        var approximate = false
        var limit: Int64 = 0
        var limitGiven = false
        var i = 2
        while i < a.count {
            let more = a.count - 1 - i
            let word = a[i]
            if xadd && Arguments.isByte(word, UInt8(ascii: "*")) {
                options.idRequest = .auto
                options.next = i
                break
            }
            let isMaxLen = more > 0 && Arguments.equalsIgnoringCase(word, "maxlen")
            let isMinID = !isMaxLen && more > 0 && Arguments.equalsIgnoringCase(word, "minid")
            if isMaxLen || isMinID {
                if strategy != nil {
                    throw CommandError(
                        "ERR syntax error, MAXLEN and MINID options at the same time are not compatible")
                }
                approximate = false
                if more >= 2 && Arguments.isByte(a[i + 1], UInt8(ascii: "~")) {
                    approximate = true
                    i += 1
                } else if more >= 2 && Arguments.isByte(a[i + 1], UInt8(ascii: "=")) {
                    i += 1
                }
                if isMaxLen {
                    guard let n = Arguments.int64(a[i + 1]) else { throw CommandError.notInteger }
                    if n < 0 { throw CommandError("ERR The MAXLEN argument must be >= 0.") }
                    strategy = .maxLength(Int(n))
                } else {
                    guard let id = StreamIDParser.parseStrict(a[i + 1]) else { throw CommandError.invalidStreamID }
                    strategy = .minID(id)
                }
                i += 2
                continue
            }
            if more > 0 && Arguments.equalsIgnoringCase(word, "limit") {
                guard let n = Arguments.int64(a[i + 1]) else { throw CommandError.notInteger }
                if n < 0 { throw CommandError("ERR The LIMIT argument must be >= 0.") }
                limit = n
                limitGiven = true
                i += 2
                continue
            }
            if xadd && Arguments.equalsIgnoringCase(word, "nomkstream") {
                options.noMakeStream = true
                i += 1
                continue
            }
            if xadd {
                guard let request = StreamIDParser.parseRequest(word) else { throw CommandError.invalidStreamID }
                options.idRequest = request
                options.next = i
                break
            }
            throw CommandError.syntax
        }
        if limit != 0 && strategy == nil {
            throw CommandError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy")
        }
        if !xadd && strategy == nil {
            throw CommandError("ERR syntax error, XTRIM must be called with a trimming strategy")
        }
        if limitGiven && !approximate {
            throw CommandError("ERR syntax error, LIMIT cannot be used without the special ~ option")
        }
        if let strategy {
            let effectiveLimit = approximate ? (limitGiven ? Int(limit) : 100 * store.blockLimits.maxEntries) : 0
            options.trim = TrimRequest(strategy: strategy, approximate: approximate, limit: effectiveLimit)
        }
        return options
    }

    mutating func xadd(_ a: [ByteBuffer]) throws -> RESPValue {
        let options = try parseAddOrTrim(a, xadd: true)
        let fieldStart = options.next + 1
        let fieldCount = a.count - fieldStart
        if fieldCount < 2 || fieldCount % 2 == 1 { throw CommandError.arity("xadd") }
        if case .explicit(let id) = options.idRequest, id.isZero {
            throw CommandError("ERR The ID specified in XADD must be greater than 0-0")
        }
        let key = a[1]
        let existing = store.lastGeneratedID(of: key)
        if existing == nil && options.noMakeStream { return .null }
        let last = existing ?? .zero
        if last == .max {
            throw CommandError("ERR The stream has exhausted the last possible ID, unable to add more items")
        }
        let id: StreamID
        switch options.idRequest {
        case .auto:
            let ms = clock()
            if ms > last.ms {
                id = StreamID(ms: ms, seq: 0)
            } else {
                id = last.successor!
            }
        case .autoSequence(let ms):
            if ms == last.ms {
                guard last.seq != .max else { throw Self.idTooSmall }
                id = StreamID(ms: ms, seq: last.seq + 1)
            } else {
                id = StreamID(ms: ms, seq: 0)
            }
        case .explicit(let explicit):
            id = explicit
        }
        if id <= last { throw Self.idTooSmall }
        let fields = a[fieldStart...]
        store.addEntry(key: key, id: id, fields: fields)
        recordMutation { MutationCodec.writeAddEntry(key: key, id: id, fields: fields, into: &$0) }
        if let trim = options.trim { applyTrim(key: key, trim) }
        signalKey(key)
        return .bulkString(id.bytes)
    }

    static let idTooSmall = CommandError(
        "ERR The ID specified in XADD is equal or smaller than the target stream top item")

    /// Trims `key` as requested; returns how many entries went.
    @discardableResult
    mutating func applyTrim(key: ByteBuffer, _ trim: TrimRequest) -> Int {
        guard let stream = store.stream(key) else { return 0 }
        let n = stream.entriesToTrim(trim)
        if n > 0 { commit(.trimFront(key: key, count: n)) }
        return n
    }

    mutating func xtrim(_ a: [ByteBuffer]) throws -> RESPValue {
        let options = try parseAddOrTrim(a, xadd: false)
        guard let trim = options.trim, store.contains(a[1]) else { return .integer(0) }
        return .integer(Int64(applyTrim(key: a[1], trim)))
    }
}
