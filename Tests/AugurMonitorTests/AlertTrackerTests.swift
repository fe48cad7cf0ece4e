import Testing

@testable import AugurMonitor

@Suite("alert hysteresis")
struct AlertTrackerTests {
    let key = AlertTracker.Key(model: "m", version: 2, signal: .featureDrift, reference: .published)
    let thresholds = DriftThresholds()

    func drift(_ column: String, psi: Double, count: Int = 500) -> ColumnDrift {
        ColumnDrift(column: .feature(column, 0), count: count, psi: psi)
    }

    func window(_ index: Int) -> WindowPosition {
        WindowPosition(index: index, startMicros: UInt64(index) * 10, endMicros: UInt64(index) * 10 + 9, records: 500)
    }

    func run(_ tracker: inout AlertTracker, _ psis: [Double]) -> [DriftAlert] {
        psis.enumerated().compactMap { index, psi in
            tracker.update(key, drifts: [drift("x", psi: psi)], referenceVersion: 2, window: window(index), thresholds: thresholds)
        }
    }

    @Test("a condition that holds for many windows fires once, and resolves once after two clear windows")
    func firesOnceResolvesOnce() throws {
        var tracker = AlertTracker()
        let events = run(&tracker, [0.01, 0.3, 0.4, 0.5, 0.3, 0.02, 0.01, 0.02, 0.01])
        #expect(events.map(\.state) == [.firing, .resolved])
        let firing = try #require(events.first)
        #expect(firing.window.index == 1)
        #expect(firing.statistic == "psi")
        #expect(firing.value == 0.3)
        #expect(firing.threshold == 0.25)
        #expect(firing.topColumns == ["x[0]"])
        #expect(events.last?.window.index == 6)
        #expect(events.last?.topColumns == [])
    }

    @Test("PSI hovering between the warning and alert levels neither resolves nor fires again")
    func hoveringDoesNotFlap() {
        var tracker = AlertTracker()
        let events = run(&tracker, [0.3, 0.2, 0.26, 0.15, 0.24, 0.27, 0.12])
        #expect(events.map(\.state) == [.firing])
        #expect(tracker.isFiring(key))
    }

    @Test("one clear window between breaches does not resolve the alert")
    func singleClearWindowKeepsFiring() {
        var tracker = AlertTracker()
        let events = run(&tracker, [0.3, 0.01, 0.3, 0.01, 0.01])
        #expect(events.map(\.state) == [.firing, .resolved])
        #expect(events.last?.window.index == 4)
    }

    @Test("a column at the warning level that never breached does not hold the alert open")
    func warningColumnDoesNotBlockResolution() {
        var tracker = AlertTracker()
        let windows: [[ColumnDrift]] = [
            [drift("x", psi: 0.4), drift("y", psi: 0.12)],
            [drift("x", psi: 0.02), drift("y", psi: 0.15)],
            [drift("x", psi: 0.03), drift("y", psi: 0.11)],
        ]
        let events = windows.enumerated().compactMap { index, drifts in
            tracker.update(key, drifts: drifts, referenceVersion: 2, window: window(index), thresholds: thresholds)
        }
        #expect(events.map(\.state) == [.firing, .resolved])
        #expect(events.first?.topColumns == ["x[0]"])
    }

    @Test("a column that breaches while the alert fires must clear too before it resolves")
    func laterBreachingColumnMustClear() {
        var tracker = AlertTracker()
        let windows: [[ColumnDrift]] = [
            [drift("x", psi: 0.4), drift("y", psi: 0.05)],
            [drift("x", psi: 0.05), drift("y", psi: 0.3)],
            [drift("x", psi: 0.02), drift("y", psi: 0.2)],
            [drift("x", psi: 0.02), drift("y", psi: 0.2)],
            [drift("x", psi: 0.02), drift("y", psi: 0.05)],
            [drift("x", psi: 0.02), drift("y", psi: 0.05)],
        ]
        let events = windows.enumerated().compactMap { index, drifts in
            tracker.update(key, drifts: drifts, referenceVersion: 2, window: window(index), thresholds: thresholds)
        }
        #expect(events.map(\.state) == [.firing, .resolved])
        #expect(events.last?.window.index == 5)
    }

    @Test("a window with too few values to judge changes nothing")
    func sparseWindowIsIgnored() {
        var tracker = AlertTracker()
        let event = tracker.update(
            key,
            drifts: [drift("x", psi: 5, count: 10)],
            referenceVersion: 2,
            window: window(0),
            thresholds: thresholds
        )
        #expect(event == nil)
        #expect(!tracker.isFiring(key))
    }

    @Test("top columns are the breaching ones, worst PSI first, up to the limit")
    func topColumnsRanked() throws {
        var tracker = AlertTracker(topColumnLimit: 2)
        let drifts = [drift("a", psi: 0.3), drift("b", psi: 0.05), drift("c", psi: 0.9), drift("d", psi: 0.5)]
        let update = tracker.update(key, drifts: drifts, referenceVersion: 2, window: window(0), thresholds: thresholds)
        let event = try #require(update)
        #expect(event.topColumns == ["c[0]", "d[0]"])
        #expect(event.value == 0.9)
    }

    @Test("out-of-range and missing shares breach on their own")
    func shareBreaches() {
        var outOfRange = drift("x", psi: 0.01)
        outOfRange.outOfRangeShare = 0.08
        #expect(outOfRange.breach(thresholds)?.statistic == "out_of_range")
        var missing = drift("x", psi: 0.01)
        missing.missingShare = 0.2
        missing.referenceMissingShare = 0.05
        #expect(missing.breach(thresholds)?.statistic == "missing")
        missing.missingShare = 0.1
        #expect(missing.breach(thresholds) == nil)
    }
}
