import NIOConcurrencyHelpers
import NIOCore

/// Sends a `LoadPlan` through a running prediction client (`LoadTarget`) and measures throughput and latency.
///
/// Requests go out in batches (one write each, several in flight) with a result handler per batch, so a request costs the
/// client little more than encoding it and matching its result. Open loop (`rate` > 0): request `i`
/// is due at `start + i / rate` and its latency counts from then, so a slow broker shows as latency rather
/// than a lower send rate. Closed loop (`rate` 0): a new request goes out as soon as one completes.
public enum LoadGenerator {
    /// Runs `plan` through `client` (whose `run()` must be running) and returns what it measured.
    public static func run(_ plan: LoadPlan, client: some LoadTarget) async -> LoadReport {
        precondition(!plan.calls.isEmpty, "a load plan needs at least one request")
        precondition(plan.duration != nil || plan.requests != nil, "a load plan needs a duration or a request count")
        let concurrency = max(1, min(plan.concurrency, client.maxInFlight))
        let batchLimit = max(1, plan.maxBatch)
        let start = NIODeadline.now().uptimeNanoseconds
        let measureFrom = start + nanoseconds(plan.warmup)
        let sendUntil = plan.duration.map { measureFrom + nanoseconds($0) } ?? .max
        let interval = plan.rate > 0 ? 1e9 / plan.rate : 0
        let expected = plan.requests ?? Int(min(plan.rate > 0 ? plan.rate * Double(sendUntil - start) / 1e9 : 1e6, 5e7))
        let recorder = LoadRecorder(measureFrom: measureFrom, expected: expected)

        var sentTotal = 0
        var measuredSent = 0
        // Set by a send that went nowhere (the client stopped): sending ends, and its measured requests are
        // taken back out of the count sent.
        let refused = NIOLockedValueBox((stop: false, measured: 0))
        await withDiscardingTaskGroup { sends in
            sending: while !refused.withLockedValue({ $0.stop }) {
                let now = NIODeadline.now().uptimeNanoseconds
                if now >= sendUntil { break }
                if let requests = plan.requests, measuredSent >= requests { break }
                let room = concurrency - recorder.inFlight
                var count = min(room, batchLimit)
                if interval > 0 {
                    // Everything scheduled up to now is due.
                    let due = Int(Double(now - start) / interval) + 1 - sentTotal
                    count = min(count, due)
                }
                if let requests = plan.requests, now >= measureFrom { count = min(count, requests - measuredSent) }
                guard count > 0 else {
                    if room <= 0 || interval == 0 {
                        await recorder.completed.wait()
                    } else {
                        let next = start + UInt64(Double(sentTotal) * interval)
                        let pause = next > now ? next - now : 0
                        if pause > 20_000 { try? await Task.sleep(for: .nanoseconds(Int64(pause))) } else { await Task.yield() }
                    }
                    continue
                }
                var batch: [PredictionCall] = []
                batch.reserveCapacity(count)
                for offset in 0..<count { batch.append(plan.calls[(sentTotal + offset) % plan.calls.count]) }
                let base = sentTotal
                let handler: PredictionReplyHandler
                if interval > 0 {
                    handler = { index, outcome in
                        recorder.record(outcome, started: start + UInt64(Double(base + index) * interval))
                    }
                } else {
                    handler = { _, outcome in recorder.record(outcome, started: now) }
                }
                var measured = 0
                for offset in 0..<count where scheduledTime(base + offset, start: start, interval: interval, sentAt: now) >= measureFrom {
                    measured += 1
                }
                recorder.sent(count)
                // Each batch is sent by a task of its own, so the next one can go out while the broker is still
                // acknowledging this one: awaiting every write in turn would leave the pipeline idle in between.
                let send = batch
                sends.addTask { [send, handler, count, measured] in
                    do {
                        try await client.send(send, onReply: handler)
                    } catch {
                        refused.withLockedValue {
                            $0.stop = true
                            $0.measured += measured
                        }
                        recorder.sent(-count)
                        recorder.completed.ring()
                    }
                }
                measuredSent += measured
                sentTotal += count
            }
        }
        let sendingEnded = NIODeadline.now().uptimeNanoseconds
        while recorder.inFlight > 0 { await recorder.completed.wait() }
        return recorder.report(sent: measuredSent - refused.withLockedValue { $0.measured }, duplicates: client.duplicateCount, sendingEnded: sendingEnded)
    }

    private static func scheduledTime(_ index: Int, start: UInt64, interval: Double, sentAt: UInt64) -> UInt64 {
        interval > 0 ? start + UInt64(Double(index) * interval) : sentAt
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
