import AugurRESP
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// INFO in Redis's format: `# Section` headers, `field:value` lines, CRLF, sections separated by a blank line.
extension BrokerCore {
    static let defaultInfoSections = ["server", "clients", "memory", "persistence", "stats", "replication", "keyspace"]

    func info(_ arguments: [ByteBuffer], _ connection: ClientConnection) {
        var requested: [String] = []
        for argument in arguments.dropFirst() {
            let name = String(decoding: argument.readableBytesView, as: UTF8.self).lowercased()
            switch name {
            case "default", "all", "everything": requested += Self.defaultInfoSections
            default: requested.append(name)
            }
        }
        if requested.isEmpty { requested = Self.defaultInfoSections }
        var seen = Set<String>()
        var text = ""
        for name in requested where seen.insert(name).inserted {
            guard let lines = infoSection(name) else { continue }
            if !text.isEmpty { text += "\r\n" }
            text += "# \(name.prefix(1).uppercased() + name.dropFirst())\r\n"
            for (field, value) in lines { text += "\(field):\(value)\r\n" }
        }
        connection.write(.verbatimString(format: "txt", text: ByteBuffer(string: text)))
    }

    private func infoSection(_ name: String) -> [(String, String)]? {
        switch name {
        case "server": return serverInfo()
        case "clients":
            return [
                ("connected_clients", "\(connections.count)"),
                ("maxclients", "\(configuration.maxClients)"),
                ("blocked_clients", "\(blockedClients)"),
                ("paused_output_clients", "\(connections.values.filter(\.outputPaused).count)"),
            ]
        case "memory":
            let used = engine.estimatedMemoryBytes
            let rss = residentSetBytes()
            return [
                ("used_memory", "\(used)"), ("used_memory_human", humanBytes(used)),
                ("used_memory_rss", "\(rss)"), ("used_memory_rss_human", humanBytes(rss)),
                ("maxmemory", "0"), ("maxmemory_human", "0B"), ("maxmemory_policy", "noeviction"),
            ]
        case "persistence":
            let logStatistics = log.statistics
            return [
                ("loading", "0"),
                ("aof_enabled", "1"),
                ("aof_fsync", configuration.appendFsync.rawValue),
                ("aof_rewrite_in_progress", rewriteInProgress ? "1" : "0"),
                ("aof_rewrites", "\(statistics.rewritesFinished)"),
                ("aof_last_write_status", persistenceError == nil ? "ok" : "err"),
                ("aof_current_size", "\(logStatistics.currentSize)"),
                ("aof_base_size", "\(logStatistics.baseSize)"),
                ("aof_fsyncs", "\(logStatistics.fsyncs)"),
                ("aof_records_replayed", "\(statistics.recordsReplayed)"),
                ("aof_commits", "\(statistics.commits)"),
                ("aof_records_committed", "\(statistics.recordsCommitted)"),
                ("aof_commit_failures", "\(statistics.commitFailures)"),
            ]
        case "stats":
            return [
                ("total_connections_received", "\(statistics.connectionsReceived)"),
                ("total_commands_processed", "\(statistics.commandsProcessed)"),
                ("rejected_connections", "\(statistics.rejectedConnections)"),
                ("total_error_replies", "\(statistics.errorReplies)"),
                ("client_output_buffer_limit_disconnections", "\(statistics.outputLimitDisconnections)"),
                ("protocol_error_disconnections", "\(statistics.protocolErrors)"),
            ]
        case "replication":
            return [("role", "master"), ("connected_slaves", "0")]
        case "keyspace":
            let keys = engine.keyCount
            return keys == 0 ? [] : [("db0", "keys=\(keys),expires=0,avg_ttl=0")]
        default:
            return nil
        }
    }

    private func serverInfo() -> [(String, String)] {
        var system = utsname()
        uname(&system)
        let os = [
            withUnsafeBytes(of: &system.sysname) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) },
            withUnsafeBytes(of: &system.release) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) },
            withUnsafeBytes(of: &system.machine) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) },
        ].joined(separator: " ")
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let uptime = (NIODeadline.now() - startedAt).nanoseconds / 1_000_000_000
        return [
            ("redis_version", BrokerVersion.info),
            ("augur_version", BrokerVersion.augur),
            ("redis_mode", "standalone"),
            ("os", os),
            ("arch_bits", "\(MemoryLayout<Int>.size * 8)"),
            ("multiplexing_api", "epoll"),
            ("process_id", "\(getpid())"),
            ("run_id", runID),
            ("tcp_port", "\(boundPort)"),
            ("server_time_usec", "\(Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000)"),
            ("uptime_in_seconds", "\(uptime)"),
            ("uptime_in_days", "\(uptime / 86400)"),
            ("hz", "10"),
            ("appendfsync", configuration.appendFsync.rawValue),
            ("data_dir", configuration.dataDirectory),
        ]
    }

    private func residentSetBytes() -> Int {
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var size = 0
        var resident = 0
        guard withUnsafeMutablePointer(to: &size, { sizePointer in
            withUnsafeMutablePointer(to: &resident) { residentPointer in
                withVaList([sizePointer, residentPointer]) { vfscanf(file, "%ld %ld", $0) }
            }
        }) == 2 else { return 0 }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private func humanBytes(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1_073_741_824, "G"), (1_048_576, "M"), (1024, "K")]
        for (size, suffix) in units where Double(bytes) >= size {
            let value = Double(bytes) / size
            return String(format2: value) + suffix
        }
        return "\(bytes)B"
    }
}

extension String {
    /// A number with two decimals, without Foundation.
    init(format2 value: Double) {
        let scaled = Int((value * 100).rounded())
        let fraction = String(abs(scaled) % 100)
        self = "\(scaled / 100).\(fraction.count == 1 ? "0" : "")\(fraction)"
    }
}
