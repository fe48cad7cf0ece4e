import Testing

@testable import AugurLog

@Suite("CRC-32C")
struct CRC32CTests {
    @Test("matches the standard check value for \"123456789\"")
    func checkValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test("matches the iSCSI test vectors (RFC 3720 B.4)")
    func iscsiVectors() {
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }

    @Test("slicing-by-8 agrees with the bit-by-bit definition at every length and alignment")
    func agreesWithBitwise() {
        var rng = SplitMix64(seed: 7)
        let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for start in 0..<9 {
            for end in stride(from: start, through: data.count, by: 7) {
                let slice = Array(data[start..<end])
                #expect(CRC32C.checksum(slice) == bitwise(slice))
            }
        }
    }

    @Test("updating in pieces equals one pass")
    func incremental() {
        let data = Array("The quick brown fox jumps over the lazy dog, twice over.".utf8)
        for split in 0...data.count {
            let first = data[..<split].withUnsafeBytes { CRC32C.update(0, with: $0) }
            let whole = data[split...].withUnsafeBytes { CRC32C.update(first, with: $0) }
            #expect(whole == CRC32C.checksum(data))
        }
    }

    @Test("the CPU's instruction and the tables give the same checksums", .enabled(if: CRC32C.usesHardware))
    func hardwareAgreesWithTables() {
        var rng = SplitMix64(seed: 11)
        let data = (0..<4099).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for start in 0..<9 {
            for end in stride(from: start, through: data.count, by: 61) {
                data[start..<end].withUnsafeBytes { bytes in
                    #expect(CRC32C.update(0x1234_5678, with: bytes) == CRC32C.tableUpdate(0x1234_5678, with: bytes))
                }
            }
        }
    }

    private func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
