import AugurRESP
import NIOCore

/// Builds a command's argument list, with the fixed keywords allocated once.
struct StreamCommandArguments {
    private(set) var arguments: [ByteBuffer]

    init(_ name: ByteBuffer, capacity: Int = 8) {
        arguments = []
        arguments.reserveCapacity(capacity)
        arguments.append(name)
    }

    mutating func append(_ bytes: ByteBuffer) { arguments.append(bytes) }
    mutating func append(_ text: String) { arguments.append(ByteBuffer(string: text)) }
    mutating func append(_ number: Int) { arguments.append(ByteBuffer(string: String(number))) }
    mutating func append(_ id: StreamID) { arguments.append(id.bytes) }
    mutating func append(milliseconds duration: Duration) { append(duration.wholeMilliseconds) }

    /// A block time in milliseconds; a positive time under 1 ms becomes 1, since `BLOCK 0` means forever.
    mutating func append(blockMilliseconds duration: Duration) {
        append(duration > .zero ? Swift.max(1, duration.wholeMilliseconds) : 0)
    }

    var command: RESPCommand { RESPCommand(arguments: arguments) }

    static let xadd = ByteBuffer(string: "XADD")
    static let xreadgroup = ByteBuffer(string: "XREADGROUP")
    static let xread = ByteBuffer(string: "XREAD")
    static let xack = ByteBuffer(string: "XACK")
    static let xautoclaim = ByteBuffer(string: "XAUTOCLAIM")
    static let xgroup = ByteBuffer(string: "XGROUP")
    static let xpending = ByteBuffer(string: "XPENDING")
    static let xlen = ByteBuffer(string: "XLEN")
    static let xrange = ByteBuffer(string: "XRANGE")
    static let group = ByteBuffer(string: "GROUP")
    static let streams = ByteBuffer(string: "STREAMS")
    static let count = ByteBuffer(string: "COUNT")
    static let block = ByteBuffer(string: "BLOCK")
    static let noAck = ByteBuffer(string: "NOACK")
    static let maxLen = ByteBuffer(string: "MAXLEN")
    static let minID = ByteBuffer(string: "MINID")
    static let approximately = ByteBuffer(string: "~")
    static let autoID = ByteBuffer(string: "*")
    static let create = ByteBuffer(string: "CREATE")
    static let mkstream = ByteBuffer(string: "MKSTREAM")
}

extension Duration {
    /// The duration in whole milliseconds, rounded down, as Redis's `BLOCK` and `min-idle-time` take it.
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
