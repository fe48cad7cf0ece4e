import NIOCore

extension RESPCommandDecoder {
    /// Finds every argument of a multibulk command that has fully arrived, in one pass over the bytes.
    ///
    /// Appends `(offset, length)` pairs of the arguments to `spans` and returns the command's total size, or
    /// returns nil when the command is incomplete or anything is out of the ordinary (leading zeros, limits,
    /// a missing `$`): the incremental path then takes over, so errors keep their exact Redis semantics.
    /// One pass with raw pointers avoids a storage access per header, which dominates pipelined XADDs.
    static func scanCompleteCommand(
        _ raw: UnsafeRawBufferPointer,
        maxArguments: Int,
        maxBulkLength: Int,
        spans: inout [Int]
    ) -> Int? {
        let end = raw.count
        var position = 1  // after the `*`
        guard let count = readLength(raw, &position, end: end), count > 0, count <= maxArguments else { return nil }
        for _ in 0..<count {
            guard position < end, raw[position] == UInt8(ascii: "$") else { return nil }
            position += 1
            guard let length = readLength(raw, &position, end: end), length <= maxBulkLength else { return nil }
            guard end - position >= length + 2 else { return nil }
            spans.append(position)
            spans.append(length)
            position += length + 2
        }
        return position
    }

    /// Reads `<digits>\r?` (Redis skips the byte after `\r` unchecked) and moves past it; nil for anything
    /// but a plain positive decimal or zero, or when the line has not fully arrived.
    @inline(__always)
    private static func readLength(_ raw: UnsafeRawBufferPointer, _ position: inout Int, end: Int) -> Int? {
        var index = position
        var value = 0
        var digits = 0
        while index < end {
            let digit = raw[index] &- UInt8(ascii: "0")
            if digit >= 10 { break }
            // A leading zero is valid only as the whole number "0".
            if digits == 1 && value == 0 { return nil }
            value = value &* 10 &+ Int(digit)
            digits += 1
            index += 1
            if digits > 18 { return nil }
        }
        guard digits > 0, index + 1 < end, raw[index] == UInt8(ascii: "\r") else { return nil }
        position = index + 2
        return value
    }
}
