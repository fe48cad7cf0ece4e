/// The protocol version a connection speaks: RESP2 until the client sends `HELLO 3`.
public enum RESPProtocolVersion: Int, Sendable, Hashable {
    /// The original protocol: no maps, doubles, booleans or a distinct null.
    case resp2 = 2
    /// The protocol `HELLO 3` negotiates, with typed replies.
    case resp3 = 3
}
