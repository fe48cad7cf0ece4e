import Foundation

/// Where a report starts reading a stream, from `--since`: a duration back from now (`90s`, `30m`, `2h`,
/// `1d`), an ISO 8601 time (`2026-11-25T15:00:00Z`), or a stream entry id (`1764082800000-0`).
public enum ReportSince: Sendable, Equatable {
    /// From the first entry.
    case beginning
    /// From entries added at or after this Unix time in milliseconds.
    case millis(UInt64)
    /// From this entry id on (inclusive).
    case entry(String)

    /// Why a `--since` value was refused.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        /// The value given.
        public var text: String
        /// What is wrong and what would work.
        public var description: String {
            "--since \(text) is neither a duration (90s, 30m, 2h, 1d), an ISO 8601 time (2026-11-25T15:00:00Z) "
                + "nor a stream id (1764082800000-0)"
        }
    }

    /// Parses `text` relative to `nowMillis` (for durations).
    public static func parse(_ text: String, nowMillis: UInt64) throws(ParseError) -> ReportSince {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "-" || trimmed == "0" || trimmed == "beginning" { return .beginning }
        if let unit = trimmed.last, let seconds = ["s": 1.0, "m": 60, "h": 3600, "d": 86_400][String(unit)],
            let amount = Double(trimmed.dropLast()), amount >= 0, amount.isFinite
        {
            let back = UInt64((amount * seconds * 1000).rounded())
            return .millis(nowMillis > back ? nowMillis - back : 0)
        }
        if isEntryID(trimmed) { return .entry(trimmed) }
        if let date = isoDate(trimmed) {
            let millis = date.timeIntervalSince1970 * 1000
            return .millis(millis > 0 ? UInt64(millis.rounded()) : 0)
        }
        throw ParseError(text: text)
    }

    /// The XRANGE start argument.
    public var rangeStart: String {
        switch self {
        case .beginning: "-"
        case .millis(let millis): "\(millis)-0"
        case .entry(let id): id
        }
    }

    private static func isEntryID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && UInt64($0) != nil }
    }

    private static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
