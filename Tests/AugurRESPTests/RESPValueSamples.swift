import NIOCore
import Testing

@testable import AugurRESP

/// One value of every kind, with what it decodes to after a trip through each protocol version.
struct RESPValueSample: Sendable, CustomTestStringConvertible {
    var name: String
    var value: RESPValue
    var afterRESP2: RESPValue
    var afterRESP3: RESPValue

    init(_ name: String, _ value: RESPValue, resp2: RESPValue? = nil, resp3: RESPValue? = nil) {
        self.name = name
        self.value = value
        self.afterRESP2 = resp2 ?? value
        self.afterRESP3 = resp3 ?? value
    }

    var testDescription: String { name }
}

enum RESPValueSamples {
    static let all: [RESPValueSample] = [
        .init("simple string", .simpleString("OK")),
        .init("error", .error("ERR unknown command 'FOO'")),
        .init("integer", .integer(-9_223_372_036_854_775_808)),
        .init("zero integer", .integer(0)),
        .init("bulk string", .bulk("hello")),
        .init("binary bulk string", .bulkString(ByteBuffer(bytes: [0, 13, 10, 255]))),
        .init("empty bulk string", .bulk("")),
        .init("empty array", .array([])),
        .init(
            "nested array",
            .array([.bulk("1-0"), .array([.bulk("f"), .bulk("v")]), .integer(3), .null])
        ),
        .init("null", .null),
        .init("null array", .nullArray, resp3: .null),
        .init("double", .double(3.25), resp2: .bulk("3.25")),
        .init("integral double", .double(-2), resp2: .bulk("-2")),
        .init("infinite double", .double(.infinity), resp2: .bulk("inf")),
        .init("tiny double", .double(1.5e-300), resp2: .bulk("1.5e-300")),
        .init("true", .boolean(true), resp2: .integer(1)),
        .init("false", .boolean(false), resp2: .integer(0)),
        .init("big number", .bigNumber("-123456789012345678901234567890"), resp2: .bulk("-123456789012345678901234567890")),
        .init(
            "verbatim string",
            .verbatimString(format: "txt", text: ByteBuffer(string: "line 1\r\nline 2")),
            resp2: .bulk("line 1\r\nline 2")
        ),
        .init(
            "map",
            .map([RESPMapEntry(.bulk("length"), .integer(2)), RESPMapEntry(.bulk("groups"), .map([]))]),
            resp2: .array([.bulk("length"), .integer(2), .bulk("groups"), .array([])])
        ),
        .init("set", .set([.bulk("a"), .bulk("b")]), resp2: .array([.bulk("a"), .bulk("b")])),
        .init("push", .push([.bulk("message"), .bulk("chan"), .bulk("x")]), resp2: .array([.bulk("message"), .bulk("chan"), .bulk("x")])),
        .init("blob error", .blobError(ByteBuffer(string: "SYNTAX invalid")), resp2: .error("SYNTAX invalid")),
        .init(
            "XINFO-like nesting",
            .map([
                RESPMapEntry(.bulk("entries"), .array([.array([.bulk("1-1"), .array([.bulk("k"), .bulk("v")])])])),
                RESPMapEntry(.bulk("flag"), .boolean(true)),
                RESPMapEntry(.bulk("ratio"), .double(0.5)),
            ]),
            resp2: .array([
                .bulk("entries"), .array([.array([.bulk("1-1"), .array([.bulk("k"), .bulk("v")])])]),
                .bulk("flag"), .integer(1),
                .bulk("ratio"), .bulk("0.5"),
            ])
        ),
    ]
}
