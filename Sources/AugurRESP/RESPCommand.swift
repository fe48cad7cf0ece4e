import NIOCore

/// A command as a client sent it: the name and its arguments, each binary-safe.
///
/// The decoder yields slices of the bytes it read, so building a command copies nothing.
public struct RESPCommand: Sendable, Equatable {
    /// Every word of the command, the name first (`XADD`, `mystream`, `*`, `field`, `value`).
    public var arguments: [ByteBuffer]

    /// Creates a command from its words, the name first.
    public init(arguments: [ByteBuffer]) {
        self.arguments = arguments
    }

    /// Creates a command from UTF-8 strings, the name first.
    public init(_ words: String...) {
        self.arguments = words.map { ByteBuffer(string: $0) }
    }
}
