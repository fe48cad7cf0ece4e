// swift-tools-version:6.0
import Foundation
import PackageDescription

/// The model runtime is compiled for AVX2/FMA CPUs (x86-64-v3) when the building machine has them: the float
/// GEMM kernel then uses 16-lane fused multiply-adds, about twice as fast. Such a binary needs an AVX2/FMA
/// CPU; `AUGUR_NATIVE=0 swift build …` makes one that runs on any x86-64, `AUGUR_NATIVE=1` forces the flags.
let buildHostHasAVX2FMA: Bool = {
    #if arch(x86_64)
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    return cpuinfo.contains(" avx2") && cpuinfo.contains(" fma")
    #else
    return false
    #endif
}()
let nativeRuntime = ProcessInfo.processInfo.environment["AUGUR_NATIVE"].map { $0 == "1" } ?? buildHostHasAVX2FMA
let runtimeSettings: [SwiftSetting] =
    nativeRuntime ? [.unsafeFlags(["-Xcc", "-march=x86-64-v3"]), .define("AUGUR_FMA")] : []

/// The Kafka transport (targets `CRdKafka`, `AugurKafka`, and `augur serve --kafka`) needs librdkafka's headers
/// (Debian: `apt-get install librdkafka-dev`, which `scripts/setup` does). It is built when they are installed;
/// `AUGUR_KAFKA=0` leaves it out, `AUGUR_KAFKA=1` insists on it (the build then fails without librdkafka).
let kafkaTransport: Bool = {
    if let flag = ProcessInfo.processInfo.environment["AUGUR_KAFKA"] { return flag == "1" }
    return FileManager.default.fileExists(atPath: "/usr/include/librdkafka/rdkafka.h")
}()

let package = Package(
    name: "Augur",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "augur", targets: ["AugurCLI"]),
        .library(name: "AugurRESP", targets: ["AugurRESP"]),
        .library(name: "AugurStreams", targets: ["AugurStreams"]),
        .library(name: "AugurLog", targets: ["AugurLog"]),
        .library(name: "AugurCommands", targets: ["AugurCommands"]),
        .library(name: "AugurBroker", targets: ["AugurBroker"]),
        .library(name: "AugurRedisClient", targets: ["AugurRedisClient"]),
        .library(name: "AugurRuntime", targets: ["AugurRuntime"]),
        .library(name: "AugurModels", targets: ["AugurModels"]),
        .library(name: "AugurTelemetry", targets: ["AugurTelemetry"]),
        .library(name: "AugurControl", targets: ["AugurControl"]),
        .library(name: "AugurClient", targets: ["AugurClient"]),
        .library(name: "AugurMonitor", targets: ["AugurMonitor"]),
        .library(name: "AugurProcessor", targets: ["AugurProcessor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // SHA-256 of model files in the model repository, instead of a hand-written hash.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        // Metrics API and its Prometheus exposition, for the daemon's /metrics endpoint.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Protocol and storage: the bottom layer, no I/O.
        .target(name: "AugurRESP", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "AugurStreams", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        // CRC-32C with the CPU's instruction, for AugurLog's frame checksums.
        .target(name: "CAugurCRC32C"),
        .target(
            name: "AugurLog",
            dependencies: [
                "CAugurCRC32C", .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Command semantics over the store: pure, single-threaded, no I/O.
        .target(
            name: "AugurCommands",
            dependencies: ["AugurRESP", "AugurStreams", .product(name: "NIOCore", package: "swift-nio")]
        ),
        // The built-in broker: networking over the layers above.
        .target(
            name: "AugurBroker",
            dependencies: [
                // AugurRedisClient only for the protocols its in-process sessions conform to.
                "AugurRESP", "AugurStreams", "AugurLog", "AugurCommands", "AugurRedisClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A RESP client for the broker (built-in or redis-server): pipelined, reconnecting, stream helpers.
        .target(
            name: "AugurRedisClient",
            dependencies: [
                "AugurRESP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The model runtime stands alone: embeddable, no networking.
        .target(name: "AugurRuntime", swiftSettings: runtimeSettings),
        .target(
            name: "AugurModels",
            dependencies: [
                "AugurRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The inference log and the Prometheus metrics of the event processor.
        .target(
            name: "AugurTelemetry",
            dependencies: [
                "AugurRESP", "AugurRedisClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The fleet control plane: operator commands and daemon reports on the control stream.
        .target(
            name: "AugurControl",
            dependencies: [
                "AugurModels", "AugurRedisClient", "AugurRESP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The client library users embed: predictions over the broker, pipelined; no processor or models.
        .target(
            name: "AugurClient",
            dependencies: [
                "AugurRESP", "AugurRedisClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Drift monitoring: windows of the inference log against reference statistics, alerts with hysteresis.
        .target(
            name: "AugurMonitor",
            dependencies: [
                "AugurModels", "AugurRedisClient", "AugurRESP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The event processor: reads requests, batches them through the model host, writes results.
        .target(
            name: "AugurProcessor",
            dependencies: [
                "AugurRESP", "AugurRedisClient", "AugurModels", "AugurRuntime", "AugurTelemetry", "AugurControl", "AugurMonitor",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The CLI: thinnest of all.
        .executableTarget(
            name: "AugurCLI",
            dependencies: [
                "AugurBroker", "AugurRuntime", "AugurModels", "AugurProcessor", "AugurRedisClient", "AugurTelemetry",
                "AugurControl", "AugurClient", "AugurMonitor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AugurRESPTests",
            dependencies: [
                "AugurRESP",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "AugurStreamsTests",
            dependencies: ["AugurStreams", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(name: "AugurLogTests", dependencies: ["AugurLog"]),
        .testTarget(
            name: "AugurCommandsTests",
            dependencies: ["AugurCommands", "AugurStreams", "AugurRESP", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "AugurBrokerTests",
            dependencies: ["AugurBroker", .product(name: "NIOPosix", package: "swift-nio")]
        ),
        // Test support shared by test targets: a redis-server the tests start and stop themselves.
        .target(name: "AugurTestSupport", dependencies: ["AugurRedisClient", "AugurRESP"], path: "Tests/AugurTestSupport"),
        .testTarget(
            name: "AugurRedisClientTests",
            dependencies: [
                "AugurRedisClient", "AugurTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "AugurRuntimeTests", dependencies: ["AugurRuntime"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AugurModelsTests",
            dependencies: ["AugurModels", "AugurRuntime", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "AugurTelemetryTests",
            dependencies: [
                "AugurTelemetry", "AugurTestSupport", "AugurRedisClient", "AugurRESP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "AugurControlTests",
            dependencies: [
                "AugurControl", "AugurModels", "AugurRESP", "AugurRedisClient", "AugurTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Against a real daemon (ProcessorService) on a redis-server the tests start.
        .testTarget(
            name: "AugurClientTests",
            dependencies: [
                "AugurClient", "AugurTestSupport", "AugurProcessor", "AugurModels", "AugurRedisClient", "AugurRESP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AugurMonitorTests",
            dependencies: [
                "AugurMonitor", "AugurModels", "AugurRedisClient", "AugurRESP", "AugurTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "AugurProcessorTests",
            dependencies: [
                "AugurProcessor", "AugurTestSupport", "AugurTelemetry",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)

// The Kafka transport, only where librdkafka's headers are (see `kafkaTransport`).
if kafkaTransport {
    package.targets += [
        // librdkafka from the system (pkg-config `rdkafka`); no vendored C sources.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"]), .brew(["librdkafka"])]),
        // Consumer, producer and the daemon's Kafka service over the same batch planner as the Redis transport.
        .target(
            name: "AugurKafka",
            dependencies: [
                "CRdKafka", "AugurProcessor", "AugurModels", "AugurRedisClient", "AugurTelemetry", "AugurControl", "AugurClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AugurKafkaTests",
            dependencies: [
                "AugurKafka", "AugurProcessor", "AugurRedisClient", "AugurControl", "AugurTelemetry", "AugurModels", "AugurClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
    ]
    package.products.append(.library(name: "AugurKafka", targets: ["AugurKafka"]))
    if let cli = package.targets.first(where: { $0.name == "AugurCLI" }) {
        cli.dependencies.append("AugurKafka")
        cli.swiftSettings = (cli.swiftSettings ?? []) + [.define("AUGUR_KAFKA")]
    }
}

/// Release builds leave out Swift's run-time exclusivity checks (several percent of the CPU of a daemon with
/// its embedded broker at full load); debug builds, and so every test run, keep them, so a violation shows.
for target in package.targets where target.type == .regular || target.type == .executable {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
    ]
}
