import AugurRuntime

/// Tallies conformance results per operator and renders them as a text table.
struct ConformanceReport {
    let directory: String
    let results: [ConformanceRunner.CaseResult]

    var failures: [ConformanceRunner.CaseResult] {
        results.filter { if case .failed = $0.outcome { true } else { false } }
    }

    var passedCount: Int { results.filter { if case .passed = $0.outcome { true } else { false } }.count }
    var executedCount: Int { passedCount + failures.count }

    var table: String {
        var perOperator: [String: (pass: Int, fail: Int)] = [:]
        var missing: [String: (cases: Int, opsets: Set<Int>)] = [:]
        var unsupportedCases = 0
        var featureCases = 0
        var featureNames: [String] = []
        var randomCases = 0
        for result in results {
            switch result.outcome {
            case .passed:
                for op in result.operators { perOperator[op, default: (0, 0)].pass += 1 }
            case .failed:
                for op in result.operators { perOperator[op, default: (0, 0)].fail += 1 }
            case .skippedUnsupported(let ops):
                unsupportedCases += 1
                for name in Set(ops.map { OperatorKey(domain: $0.domain, opType: $0.opType).description }) {
                    missing[name, default: (0, [])].cases += 1
                }
                for op in ops { missing[OperatorKey(domain: op.domain, opType: op.opType).description]!.opsets.insert(op.opsetVersion) }
            case .skippedFeature:
                featureCases += 1
                featureNames.append(result.name)
            case .skippedRandom:
                randomCases += 1
            }
        }
        var lines: [String] = []
        lines.append("ONNX backend node conformance — \(directory)")
        lines.append("A case counts once for every distinct operator in its graph.")
        lines.append(pad("operator", 40) + pad("pass", 6, right: true) + pad("fail", 6, right: true))
        for (op, counts) in perOperator.sorted(by: { $0.key < $1.key }) {
            lines.append(pad(op, 40) + pad("\(counts.pass)", 6, right: true) + pad("\(counts.fail)", 6, right: true))
        }
        lines.append("")
        lines.append(
            "cases: \(results.count) found, \(executedCount) run, \(passedCount) passed, \(failures.count) failed; "
                + "skipped: \(unsupportedCases) use unsupported operators, \(featureCases) use unsupported data types/features, "
                + "\(randomCases) have random outputs"
        )
        if !missing.isEmpty {
            let ranked = missing.sorted { ($1.value.cases, $0.key) < ($0.value.cases, $1.key) }
            lines.append("unsupported operators, by cases skipped (opsets seen):")
            for (name, entry) in ranked {
                lines.append("  \(name) \(entry.cases) (\(entry.opsets.sorted().map(String.init).joined(separator: ",")))")
            }
        }
        if !featureNames.isEmpty {
            lines.append("skipped for data types/features: " + featureNames.joined(separator: ", "))
        }
        if !failures.isEmpty {
            lines.append("")
            lines.append("failing cases:")
            for f in failures {
                if case .failed(let why) = f.outcome { lines.append("  \(f.name): \(why)") }
            }
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        guard s.count < width else { return s + " " }
        let fill = String(repeating: " ", count: width - s.count)
        return right ? fill + s : s + fill
    }
}
