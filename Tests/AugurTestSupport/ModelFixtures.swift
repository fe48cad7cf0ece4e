import Foundation

/// The example ONNX models shipped with the runtime tests, for test targets that serve real models.
public enum ModelFixtures {
    /// `Tests/AugurRuntimeTests/Fixtures/models`, found through this file's real location (the test
    /// packages of helpers and CI reach it through symlinks).
    public static let directory: String = {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
        let real = here.withCString { pointer -> String in
            guard let resolved = realpath(pointer, nil) else { return here }
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return URL(fileURLWithPath: real).deletingLastPathComponent().appendingPathComponent("AugurRuntimeTests/Fixtures/models").path
    }()

    /// The `model.onnx` of fixture `name`.
    public static func modelFile(_ name: String) -> String { directory + "/" + name + "/model.onnx" }
}
