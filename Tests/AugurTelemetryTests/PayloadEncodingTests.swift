import NIOCore
import Testing

@testable import AugurTelemetry

@Suite("Payload encoding")
struct PayloadEncodingTests {
    @Test("sha256 matches the FIPS 180-2 test vector")
    func sha256Vector() {
        #expect(
            RenderedPayload.sha256(of: ByteBuffer(string: "abc"))
                == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
    }

    @Test(
        "the JSON check accepts JSON values",
        arguments: [
            "[[1.0, 2.5e-3]]", "{\"a\": [true, false, null], \"b\": \"\\u00e9\\n\"}", " -0 ", "\"é\"", "[]", "{}",
        ]
    )
    func acceptsJSON(_ text: String) {
        #expect(ByteBuffer(string: text).withUnsafeReadableBytes { JSONSyntax.isValid($0) })
    }

    @Test(
        "the JSON check rejects what is not JSON",
        arguments: [
            "", "[1,]", "{\"a\" 1}", "[01]", "nul", "\"\n\"", "[1] [2]", "[1.]", "{'a': 1}", "NaN", "[[[",
        ]
    )
    func rejectsNonJSON(_ text: String) {
        #expect(!ByteBuffer(string: text).withUnsafeReadableBytes { JSONSyntax.isValid($0) })
    }

    @Test("the JSON check rejects malformed UTF-8 in strings")
    func rejectsMalformedUTF8() {
        let bytes: [UInt8] = [UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\"")]
        #expect(!bytes.withUnsafeBytes { JSONSyntax.isValid($0) })
    }
}
