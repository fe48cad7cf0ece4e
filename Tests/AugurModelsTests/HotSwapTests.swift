import AugurModels
import AugurRuntime
import Foundation
import Testing

/// Predictions one thread made during the hot-swap test.
private struct PredictionLog: Sendable {
    var versions: [Int] = []
    var latenciesNanoseconds: [UInt64] = []
    var inconsistent = 0
    var failures: [String] = []
}

@Suite("Model host: hot swap under load", .serialized)
struct HotSwapTests {
    @Test("100 swaps under continuous predictions: each prediction comes from one version, none fails, no cold first prediction")
    func hotSwapUnderLoad() async throws {
        let temp = try TemporaryRepository()
        // Wide enough that a prediction does real work (as real models do), so the comparison below is
        // about warm-up, not about a few cold cache lines in a nanosecond-scale graph.
        let width = 4096
        try temp.publishAddModels("live", versions: 1...101, width: width)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        try await host.serve("live", policy: .pinned(1))
        let stop = Shared(false)
        let newestSeen = Shared((version: 0, predictions: 0))
        let logs = Shared<[PredictionLog]>([])
        let threadCount = 2
        for _ in 0..<threadCount {
            Thread {
                var log = PredictionLog()
                let input = zerosInput(width: width)
                while !stop.current {
                    let start = DispatchTime.now().uptimeNanoseconds
                    do {
                        let prediction = try host.predict(model: "live", inputs: input)
                        log.latenciesNanoseconds.append(DispatchTime.now().uptimeNanoseconds - start)
                        log.versions.append(prediction.version)
                        let expected = Float(prediction.version)
                        let values = prediction.outputs["Y"]?.tensor?.floats ?? []
                        if values.count != width || !values.allSatisfy({ $0 == expected }) { log.inconsistent += 1 }
                        newestSeen.update { seen in
                            if prediction.version > seen.version {
                                seen = (prediction.version, 1)
                            } else if prediction.version == seen.version {
                                seen.predictions += 1
                            }
                        }
                    } catch {
                        log.failures.append("\(error)")
                    }
                }
                logs.update { $0.append(log) }
            }.start()
        }

        var warmUpRuns: [Int] = []
        while newestSeen.current.predictions < 10 { try await Task.sleep(for: .microseconds(200)) }
        for version in 2...101 {
            let loaded = try await host.activate(model: "live", version: version)
            warmUpRuns.append(loaded.warmUpRuns)
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline {
                let seen = newestSeen.current
                if seen.version == version && seen.predictions >= 10 { break }
                try await Task.sleep(for: .microseconds(200))
            }
        }
        stop.update { $0 = true }
        while logs.current.count < threadCount { try await Task.sleep(for: .milliseconds(1)) }

        let all = logs.current
        #expect(all.flatMap(\.failures).isEmpty)
        #expect(all.map(\.inconsistent).reduce(0, +) == 0)
        #expect(Set(all.flatMap(\.versions)) == Set(1...101))
        for log in all { #expect(log.versions == log.versions.sorted()) }
        #expect(warmUpRuns.allSatisfy { $0 == ModelHost.Configuration().warmUpRuns })

        var first: [UInt64] = []
        var steady: [UInt64] = []
        for log in all {
            for i in 1..<log.versions.count {
                if log.versions[i] != log.versions[i - 1] { first.append(log.latenciesNanoseconds[i]) } else { steady.append(log.latenciesNanoseconds[i]) }
            }
        }
        first.sort()
        steady.sort()
        let firstMedian = first[first.count / 2]
        let steadyP50 = steady[steady.count / 2]
        let steadyP95 = steady[steady.count * 95 / 100]
        print("hot swap: \(steady.count + first.count) predictions; first-on-new-version median \(firstMedian) ns over \(first.count) swaps seen; steady p50 \(steadyP50) ns, p95 \(steadyP95) ns")
        #expect(firstMedian <= steadyP95)
    }

    @Test("1,000 swaps grow resident memory by at most 10% and release every replaced version")
    func swapsDoNotGrowMemory() async throws {
        let temp = try TemporaryRepository()
        // A 256 KiB constant per version: a leaked version per swap would add 250 MiB over 1,000 swaps.
        try temp.publishAddModels("big", versions: 1...4, width: 1, constantShape: [256, 256])
        let released = Shared(0)
        let host = ModelHost(repository: temp.repository, configuration: .init(warmUpRuns: 1), logger: quietLogger) { event in
            if case .released = event { released.update { $0 += 1 } }
        }
        try await host.serve("big", policy: .pinned(1))
        let input: [String: Value] = ["X": .tensor(Tensor(shape: [1, 1], elements: [Float(0)]))]
        func swap(times: Int) async throws {
            for _ in 0..<times {
                let next = (host.activeVersions()["big"] ?? 1) % 4 + 1
                try await host.activate(model: "big", version: next)
                let prediction = try host.predict(model: "big", inputs: input)
                let values = prediction.outputs["Y"]?.tensor?.floats ?? []
                #expect(values.count == 65536 && values.allSatisfy { $0 == Float(next) })
            }
        }
        try await swap(times: 100)
        let before = try #require(residentKilobytes())
        try await swap(times: 1000)
        let after = try #require(residentKilobytes())
        print("swap memory: VmRSS \(before) kB before, \(after) kB after 1,000 swaps (\(String(format: "%+.1f", Double(after - before) * 100 / Double(before)))%)")
        #expect(Double(after) <= Double(before) * 1.10)
        #expect(released.current == 1100)
    }
}
