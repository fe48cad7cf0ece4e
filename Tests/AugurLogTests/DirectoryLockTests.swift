import Testing

@testable import AugurLog

@Suite("Data directory lock")
struct DirectoryLockTests {
    @Test("a second open of the same directory fails with a clear error")
    func secondOpenFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try openLog(directory)
        #expect(throws: AppendLogError.directoryLocked(path: directory.path)) { try openLog(directory) }
        let message = AppendLogError.directoryLocked(path: directory.path).description
        #expect(message.contains(directory.path) && message.contains("locked by another Augur broker"))
        try first.close()
    }

    @Test("closing the log releases the directory")
    func closeReleases() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try openLog(directory)
        try first.close()
        let second = try openLog(directory)
        try second.close()
    }

    @Test("system call errors name the call, the path and the errno text")
    func systemCallMessage() {
        let message = AppendLogError.systemCallFailed(call: "fsync", path: "/data/augur.aof", errno: 28).description
        #expect(message == "fsync(/data/augur.aof) failed: No space left on device (errno 28)")
    }

    @Test("an unwritable directory fails to open with the errno text")
    func unwritableDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeFileBytes([1], to: directory.path + "/file")
        #expect {
            try AppendLog(configuration: .init(directory: directory.path + "/file/sub"), logger: CapturedLogs().logger())
        } throws: { error in
            (error as? AppendLogError)?.description.contains("Not a directory") == true
        }
    }
}
