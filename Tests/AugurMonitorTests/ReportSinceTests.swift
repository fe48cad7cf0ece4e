import Testing

@testable import AugurMonitor

@Suite("report --since")
struct ReportSinceTests {
    let now: UInt64 = 1_764_086_400_000  // 2025-11-25T16:00:00Z

    @Test("durations count back from now")
    func durations() throws {
        #expect(try ReportSince.parse("90s", nowMillis: now) == .millis(now - 90_000))
        #expect(try ReportSince.parse("30m", nowMillis: now) == .millis(now - 1_800_000))
        #expect(try ReportSince.parse("2h", nowMillis: now) == .millis(now - 7_200_000))
        #expect(try ReportSince.parse("1d", nowMillis: now) == .millis(now - 86_400_000))
        #expect(try ReportSince.parse("1.5h", nowMillis: now).rangeStart == "\(now - 5_400_000)-0")
    }

    @Test("ISO 8601 times start at that instant")
    func isoTimes() throws {
        #expect(try ReportSince.parse("2025-11-25T16:00:00Z", nowMillis: 0) == .millis(now))
        #expect(try ReportSince.parse("2025-11-25T17:00:00.250+01:00", nowMillis: 0) == .millis(now + 250))
    }

    @Test("stream ids are used as given, and nothing means the whole stream")
    func idsAndBeginning() throws {
        #expect(try ReportSince.parse("1764086400000-3", nowMillis: now) == .entry("1764086400000-3"))
        #expect(try ReportSince.parse("1764086400000", nowMillis: now).rangeStart == "1764086400000")
        #expect(try ReportSince.parse("0", nowMillis: now).rangeStart == "-")
    }

    @Test("anything else is refused with the forms that work")
    func refusals() {
        for text in ["yesterday", "10x", "-5m", "12-ab", "2025-13-45T00:00:00Z"] {
            #expect(throws: ReportSince.ParseError.self) { try ReportSince.parse(text, nowMillis: now) }
        }
        #expect(ReportSince.ParseError(text: "soon").description.contains("90s, 30m, 2h, 1d"))
    }
}
