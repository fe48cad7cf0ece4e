import AugurRedisClient
import NIOCore

extension DriftAlert {
    /// The alert an `augur:alerts` entry describes (the fields `fields` writes); nil when a field the
    /// alert needs is missing or malformed.
    public init?(_ message: StreamMessage) {
        func text(_ name: String) -> String? {
            message[name].map { String(decoding: $0.readableBytesView, as: UTF8.self) }
        }
        guard let model = text("model"), let version = text("version").flatMap({ Int($0) }),
            let signal = text("signal").flatMap(DriftSignal.init(rawValue:)),
            let reference = text("reference").flatMap(ReferenceKind.init(rawValue:)),
            let state = text("state").flatMap(AlertState.init(rawValue:))
        else { return nil }
        let top = text("top_features") ?? ""
        self.init(
            model: model,
            version: version,
            signal: signal,
            reference: reference,
            referenceVersion: text("reference_version").flatMap { Int($0) } ?? version,
            statistic: text("statistic") ?? "",
            value: text("value").flatMap { Double($0) } ?? .nan,
            threshold: text("threshold").flatMap { Double($0) } ?? .nan,
            window: WindowPosition(
                index: text("window").flatMap { Int($0) } ?? 0,
                startMicros: text("window_start_us").flatMap { UInt64($0) } ?? 0,
                endMicros: text("window_end_us").flatMap { UInt64($0) } ?? 0,
                records: text("window_records").flatMap { Int($0) } ?? 0
            ),
            topColumns: top.isEmpty ? [] : top.split(separator: ",").map(String.init),
            state: state
        )
    }
}
