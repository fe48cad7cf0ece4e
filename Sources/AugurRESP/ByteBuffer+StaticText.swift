import NIOCore

extension ByteBuffer {
    /// Whether the readable bytes are exactly `text`'s UTF-8, compared in place (no String is built): for
    /// matching protocol markers and field names on hot paths.
    package func readableBytesEqual(_ text: StaticString) -> Bool {
        readableBytes == text.utf8CodeUnitCount
            && withUnsafeReadableBytes { raw in text.withUTF8Buffer { expected in raw.elementsEqual(expected) } }
    }
}
