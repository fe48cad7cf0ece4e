import AugurRuntime
import Foundation
import Testing

@Suite("ONNX node conformance")
struct ConformanceTests {
    @Test("every ONNX node test case whose operators are all registered produces the expected outputs")
    func nodeTestCasesPass() throws {
        let environment = ProcessInfo.processInfo.environment
        switch NodeTestLocator.locate() {
        case .notFound(let reason):
            Issue.record("ONNX node test data not found: \(reason)")
        case .found(let directory):
            let runner = ConformanceRunner(
                directory: directory,
                registry: .default,
                filter: environment["AUGUR_CONFORMANCE_FILTER"],
                verbose: environment["AUGUR_CONFORMANCE_VERBOSE"] == "1"
            )
            let report = try runner.run()
            let table = report.table
            print(table)
            if let path = environment["AUGUR_CONFORMANCE_REPORT"], !path.isEmpty {
                try table.write(toFile: path, atomically: true, encoding: .utf8)
            }
            #expect(report.executedCount > 0, "no case ran: the registry supports none of the operators found")
            let failing = report.failures.map(\.name)
            #expect(failing.isEmpty, "\(failing.count) failing cases: \(failing.joined(separator: ", "))")
        }
    }
}
