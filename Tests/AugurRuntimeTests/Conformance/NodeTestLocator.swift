import Foundation

/// Finds ONNX's backend node test cases: `$AUGUR_ONNX_NODE_TESTS`, else `onnx/backend/test/data/node`
/// inside the onnx package that `$AUGUR_PYTHON` (default `python3`) imports.
enum NodeTestLocator {
    enum Outcome {
        case found(String)
        case notFound(String)
    }

    static func locate() -> Outcome {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["AUGUR_ONNX_NODE_TESTS"], !dir.isEmpty {
            return isDirectory(dir) ? .found(dir) : .notFound("AUGUR_ONNX_NODE_TESTS=\(dir) is not a directory")
        }
        let python = env["AUGUR_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        guard let onnxDir = runPython(python) else {
            return .notFound(
                "AUGUR_ONNX_NODE_TESTS is not set and `\(python) -c 'import onnx'` failed; install onnx==1.17.0 "
                    + "(later wheels drop the test data) or point AUGUR_ONNX_NODE_TESTS at onnx/backend/test/data/node"
            )
        }
        let dir = onnxDir + "/backend/test/data/node"
        return isDirectory(dir)
            ? .found(dir)
            : .notFound("\(dir) does not exist (onnx wheels from 1.18 on omit the node test data; use onnx==1.17.0)")
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    private static func runPython(_ python: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import onnx,os;print(os.path.dirname(onnx.__file__))"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : path
    }
}
