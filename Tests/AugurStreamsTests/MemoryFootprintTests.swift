import AugurStreams
import Foundation
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Memory footprint")
struct MemoryFootprintTests {
    #if os(Linux)
    /// Resident set size from /proc; the entries dwarf anything else the test process allocates meanwhile.
    func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// One million entries shaped like `redis-benchmark … XADD mem * device dev-<12 digits> reading <12 digits>
    /// payload <64 bytes>` (112 bytes of field names and values). redis-server 7.0.15 used 111–120 bytes per
    /// entry for that workload on this machine (used_memory delta / MEMORY USAGE).
    @Test("a million ~100-byte entries take about as much memory as in redis-server")
    func bytesPerEntry() {
        let entries = 1_000_000
        let key = ByteBuffer(string: "mem")
        let payload = ByteBuffer(string: String(repeating: "x", count: 64))
        var words = [
            ByteBuffer(string: "device"), ByteBuffer(string: "dev-000000000000"), ByteBuffer(string: "reading"),
            ByteBuffer(string: "000000000000"),
            ByteBuffer(string: "payload"), payload,
        ]
        // Distinct values are prepared up front; the store copies their bytes either way.
        let devices = (0..<997).map { ByteBuffer(string: "dev-" + twelveDigits($0 &* 7919)) }
        let readings = (0..<991).map { ByteBuffer(string: twelveDigits($0 &* 104_729)) }
        let before = residentBytes()
        var store = StreamStore()
        var ms: UInt64 = 1_795_611_298_322
        for i in 0..<entries {
            words[1] = devices[i % devices.count]
            words[3] = readings[(i &* 7) % readings.count]
            if i % 4 == 0 { ms += 1 }
            store.addEntry(key: key, id: StreamID(ms: ms, seq: UInt64(i % 4)), fields: words[...])
        }
        let after = residentBytes()
        let perEntry = Double(after - before) / Double(entries)
        let estimated = Double(store.estimatedMemoryBytes) / Double(entries)
        print("AugurStreams memory: \(perEntry) bytes/entry resident, \(estimated) estimated, \(store.stream(key)!.blockCount) blocks")
        #expect(store.stream(key)?.length == entries)
        // Resident growth is printed, not asserted: other suites run in this process at the same time. The
        // broker's real resident memory against redis-server's is measured by scripts/bench/broker_bench.sh.
        #expect(estimated < 110)
    }

    func twelveDigits(_ n: Int) -> String {
        let digits = String(n % 1_000_000_000_000)
        return String(repeating: "0", count: 12 - digits.count) + digits
    }
    #endif
}
