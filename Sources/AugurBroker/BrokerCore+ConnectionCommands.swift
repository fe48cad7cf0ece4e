import AugurRESP
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// PING, HELLO, AUTH, SELECT, TIME, SHUTDOWN and BGREWRITEAOF, with Redis's replies and error texts.
extension BrokerCore {
    func ping(_ arguments: [ByteBuffer], _ connection: ClientConnection) {
        switch arguments.count {
        case 1: connection.write(.simpleString("PONG"))
        case 2: connection.write(.bulkString(arguments[1]))
        default: connection.writeError(ErrorText.wrongArity("ping"))
        }
    }

    /// HELLO [protover [AUTH user pass] [SETNAME name]]: authenticates, names, then switches protocol.
    func hello(_ arguments: [ByteBuffer], _ connection: ClientConnection) {
        var version: RESPProtocolVersion?
        if arguments.count >= 2 {
            guard let number = arguments[1].strictInteger else {
                connection.writeError(ErrorText.helloBadVersion)
                return
            }
            guard let parsed = RESPProtocolVersion(rawValue: Int(number)) else {
                connection.writeError(ErrorText.noProto)
                return
            }
            version = parsed
        }
        var credentials: (user: ByteBuffer, password: ByteBuffer)?
        var clientName: ByteBuffer?
        var index = 2
        while index < arguments.count {
            let option = arguments[index].uppercasedCommandName
            let more = arguments.count - 1 - index
            if option == "AUTH", more >= 2 {
                credentials = (arguments[index + 1], arguments[index + 2])
                index += 3
            } else if option == "SETNAME", more >= 1 {
                clientName = arguments[index + 1]
                index += 2
            } else {
                connection.writeError("ERR Syntax error in HELLO option '\(ErrorText.cString(arguments[index], limit: 128))'")
                return
            }
        }
        if let credentials {
            guard authenticate(connection, user: credentials.user, password: credentials.password) else {
                connection.writeError(ErrorText.wrongPass)
                return
            }
        }
        guard connection.user != nil else {
            connection.writeError(ErrorText.helloNoAuth)
            return
        }
        if let clientName {
            guard setClientName(clientName, connection) else { return }
        }
        if let version {
            connection.protocolVersion = version
            engine.setProtocol(version.rawValue, for: connection.id)
        }
        connection.write(
            .map([
                RESPMapEntry(.bulk("server"), .bulk("redis")),
                RESPMapEntry(.bulk("version"), .bulk(BrokerVersion.redisCompatible)),
                RESPMapEntry(.bulk("proto"), .integer(Int64(connection.protocolVersion.rawValue))),
                RESPMapEntry(.bulk("id"), .integer(Int64(connection.id))),
                RESPMapEntry(.bulk("mode"), .bulk("standalone")),
                RESPMapEntry(.bulk("role"), .bulk("master")),
                RESPMapEntry(.bulk("modules"), .array([])),
            ]))
    }

    /// AUTH [user] password.
    func auth(_ arguments: [ByteBuffer], _ connection: ClientConnection) {
        guard arguments.count <= 3 else {
            connection.writeError(ErrorText.syntax)
            return
        }
        if arguments.count == 2, configuration.users.defaultUser.acceptsAnyPassword {
            connection.writeError(ErrorText.authWithoutPassword)
            return
        }
        let user = arguments.count == 3 ? arguments[1] : ByteBuffer(string: "default")
        if authenticate(connection, user: user, password: arguments[arguments.count - 1]) {
            connection.write(.ok)
        } else {
            connection.writeError(ErrorText.wrongPass)
        }
    }

    private func authenticate(_ connection: ClientConnection, user: ByteBuffer, password: ByteBuffer) -> Bool {
        let userName = String(decoding: user.readableBytesView, as: UTF8.self)
        guard configuration.users.authenticate(user: userName, password: Array(password.readableBytesView)) else {
            logger.notice("authentication failed", metadata: ["client": "\(connection.id)", "user": "\(userName)"])
            return false
        }
        connection.user = userName
        return true
    }

    /// The broker has one database, so only SELECT 0 succeeds.
    func select(_ arguments: [ByteBuffer], _ connection: ClientConnection) {
        guard let index = arguments[1].strictInteger else {
            connection.writeError(ErrorText.notInteger)
            return
        }
        if index == 0 {
            connection.write(.ok)
        } else {
            connection.writeError(ErrorText.dbIndexOutOfRange)
        }
    }

    func time(_ connection: ClientConnection) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        connection.write(.array([.bulk(String(now.tv_sec)), .bulk(String(now.tv_nsec / 1000))]))
    }

    /// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE]: commits the log and stops; like Redis, no reply on success.
    func shutdownCommand(_ arguments: [ByteBuffer], _ connection: ClientConnection) {
        var sawSave = false
        var sawNoSave = false
        for argument in arguments.dropFirst() {
            switch argument.uppercasedCommandName {
            case "SAVE": sawSave = true
            case "NOSAVE": sawNoSave = true
            case "NOW", "FORCE": continue
            case "ABORT":
                connection.writeError(arguments.count == 2 ? "ERR No shutdown in progress." : ErrorText.syntax)
                return
            default:
                connection.writeError(ErrorText.syntax)
                return
            }
        }
        guard !(sawSave && sawNoSave) else {
            connection.writeError(ErrorText.syntax)
            return
        }
        logger.notice("SHUTDOWN requested by client", metadata: ["client": "\(connection.id)"])
        beginShutdown()
    }

    func bgRewriteAOF(_ connection: ClientConnection) {
        if rewriteInProgress {
            connection.writeError("ERR Background append only file rewriting already in progress")
        } else if startRewrite() {
            connection.write(.simpleString("Background append only file rewriting started"))
        } else {
            connection.writeError("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.")
        }
    }
}

extension ByteBuffer {
    /// The value as a strict decimal 64-bit integer (no spaces, no plus sign), as Redis's string2ll.
    var strictInteger: Int64? {
        let view = readableBytesView
        guard !view.isEmpty, view.count <= 20 else { return nil }
        if view.first == UInt8(ascii: "+") || (view.count > 1 && view.first == UInt8(ascii: "0")) { return nil }
        return Int64(String(decoding: view, as: UTF8.self))
    }
}
