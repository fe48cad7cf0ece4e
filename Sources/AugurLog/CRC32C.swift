import CAugurCRC32C

/// CRC-32C (Castagnoli), the checksum of every log frame: with the CPU's `crc32` instruction where there is
/// one (x86-64 with SSE 4.2), else with slicing-by-8 tables. The checksums are the same either way.
public enum CRC32C {
    /// Whether `update` uses the CPU's instruction; the tables otherwise.
    public static let usesHardware = augur_crc32c_hardware_available() != 0

    /// Reflected Castagnoli polynomial 0x1EDC6F41.
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Eight 256-entry tables, flattened: table k at [k * 256 ..< (k + 1) * 256] gives the CRC of a byte
    /// followed by k zero bytes, so eight input bytes fold in with eight lookups.
    static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1
            }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        update(0, with: bytes)
    }

    /// The CRC-32C of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        let array = Array(bytes)
        return array.withUnsafeBytes { checksum($0) }
    }

    /// Continues `crc` (a finished CRC-32C of earlier bytes, or 0) over `bytes`.
    public static func update(_ crc: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard usesHardware, let base = bytes.baseAddress else { return tableUpdate(crc, with: bytes) }
        return ~augur_crc32c_hardware_update(~crc, base, bytes.count)
    }

    /// `update` with the lookup tables, whatever the CPU.
    static func tableUpdate(_ crc: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = ~crc
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return ~crc }
        tables.withUnsafeBufferPointer { table in
            var index = 0
            while count - index >= 8 {
                // Unaligned little-endian loads; the fold below assumes byte 0 is the lowest.
                let low = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt32.self)) ^ crc
                let high = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self))
                crc = table[7 * 256 + Int(low & 0xFF)]
                    ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)]
                    ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)]
                    ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[1 * 256 + Int((high >> 16) & 0xFF)]
                    ^ table[Int(high >> 24)]
                index += 8
            }
            while index < count {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                crc = (crc >> 8) ^ table[Int((crc ^ UInt32(byte)) & 0xFF)]
                index += 1
            }
        }
        return ~crc
    }
}
