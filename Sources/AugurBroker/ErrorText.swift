import NIOCore

/// Redis 7.0's exact error texts for the checks the server makes itself.
enum ErrorText {
    static let noAuth = "NOAUTH Authentication required."
    static let helloNoAuth =
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> "
        + "option can be used to authenticate the client and select the RESP protocol version at the same time"
    static let wrongPass = "WRONGPASS invalid username-password pair or user is disabled."
    static let authWithoutPassword =
        "ERR AUTH <password> called without any password configured for the default user. "
        + "Are you sure your configuration is correct?"
    static let syntax = "ERR syntax error"
    static let notInteger = "ERR value is not an integer or out of range"
    static let dbIndexOutOfRange = "ERR DB index is out of range"
    static let noProto = "NOPROTO unsupported protocol version"
    static let helloBadVersion = "ERR Protocol version is not an integer or out of range"
    static let badClientName = "ERR Client names cannot contain spaces, newlines or special characters."

    static func wrongArity(_ commandName: String) -> String {
        "ERR wrong number of arguments for '\(commandName)' command"
    }

    static func unknownSubcommand(_ subcommand: ByteBuffer, container: String) -> String {
        "ERR unknown subcommand '\(cString(subcommand, limit: 128))'. Try \(container) HELP."
    }

    /// `ERR unknown command 'name', with args beginning with: 'a' 'b' `: at most 128 bytes of name and of
    /// arguments, each cut at a NUL as C's `%s` would, with CR/LF turned into spaces.
    static func unknownCommand(_ arguments: [ByteBuffer]) -> String {
        var text = Array("ERR unknown command '".utf8)
        text += cBytes(arguments[0], limit: 128)
        text += Array("', with args beginning with: ".utf8)
        var args: [UInt8] = []
        for argument in arguments.dropFirst() where args.count < 128 {
            args.append(UInt8(ascii: "'"))
            args += cBytes(argument, limit: 128 - args.count + 1)
            args += Array("' ".utf8)
        }
        text += args
        for index in text.indices where text[index] == UInt8(ascii: "\r") || text[index] == UInt8(ascii: "\n") {
            text[index] = UInt8(ascii: " ")
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func cString(_ buffer: ByteBuffer, limit: Int) -> String {
        String(decoding: cBytes(buffer, limit: limit), as: UTF8.self)
    }

    private static func cBytes(_ buffer: ByteBuffer, limit: Int) -> [UInt8] {
        let bytes = buffer.readableBytesView.prefix(max(0, limit))
        if let nul = bytes.firstIndex(of: 0) {
            return Array(bytes[..<nul])
        }
        return Array(bytes)
    }
}
