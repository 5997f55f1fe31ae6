// swift-tools-version:6.2
import PackageDescription

// The data path reads top to bottom: format → ingest → store → serve, with the
// daemon, the server and the command line as thin shells over these libraries.
let package = Package(
    name: "cprd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cprd", targets: ["cprd"]),
        .library(name: "CPRFormat", targets: ["CPRFormat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
    ],
    targets: [
        // Pure: bytes in, records out. No database, no networking, no file I/O in the hot loop.
        .target(name: "CPRFormat"),
        // Pure: deterministic synthetic CPR files from a seed.
        .target(name: "CPRGenerator", dependencies: ["CPRFormat"]),
        // Configuration, logging, process-level helpers shared by every command.
        .target(
            name: "CPRRuntime",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // posix_spawn's close-from file action, which Swift's Glibc module lacks.
        .target(name: "CPosixSpawn"),
        // PostgreSQL: connection, migrations, replica schema, ledger.
        .target(
            name: "CPRStore",
            dependencies: [
                "CPRRuntime", "CPosixSpawn",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["EmbedMigrations"]
        ),
        // Files into the replica: validate, stage with COPY, apply set-based in one transaction.
        .target(
            name: "CPRIngest",
            dependencies: [
                "CPRFormat", "CPRStore", "CPRRuntime",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The query server: HTTP routes, access control, audit.
        .target(
            name: "CPRServer",
            dependencies: [
                "CPRFormat", "CPRStore", "CPRRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // libcurl for the sync daemon's upstream transfers (SFTP, FTPS, HTTPS).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // The sync daemon's lifecycle Services: upstream pollers, inbox, apply loop, watchdog.
        .target(
            name: "CPRSync",
            dependencies: [
                "CCurl", "CPRFormat", "CPRStore", "CPRIngest", "CPRRuntime",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Operator jobs from a job table (rebuild, refresh, reconcile, purge), their worker, and
        // the subscription list with its SF6002 client.
        .target(
            name: "CPRBackfill",
            dependencies: [
                "CCurl", "CPRFormat", "CPRStore", "CPRIngest", "CPRRuntime",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "cprd",
            dependencies: [
                "CPRFormat", "CPRGenerator", "CPRRuntime", "CPRStore", "CPRIngest", "CPRServer", "CPRSync", "CPRBackfill",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // Build-time: turns migrations/*.sql into Swift so an installed binary carries them.
        .executableTarget(name: "embed-migrations", path: "Plugins/EmbedMigrationsTool"),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["embed-migrations"]),

        // Test-only: a private PostgreSQL per test run, a fresh database per test.
        .target(
            name: "CPRTestSupport",
            dependencies: [
                "CPRStore", "CPRRuntime", "CPosixSpawn",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "CPRFormatTests", dependencies: ["CPRFormat"]),
        .testTarget(name: "CPRGeneratorTests", dependencies: ["CPRGenerator", "CPRFormat"]),
        .testTarget(name: "CPRRuntimeTests", dependencies: ["CPRRuntime"]),
        .testTarget(
            name: "CPRStoreTests",
            dependencies: [
                "CPRStore", "CPRTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "CPRIngestTests",
            dependencies: [
                "CPRIngest", "CPRStore", "CPRGenerator", "CPRTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "CPRServerTests",
            dependencies: [
                "CPRServer", "CPRIngest", "CPRStore", "CPRGenerator", "CPRFormat", "CPRTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CPRSyncTests",
            dependencies: [
                "CPRSync", "CPRIngest", "CPRStore", "CPRGenerator", "CPRTestSupport", "CPRRuntime", "CPosixSpawn",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CPRBackfillTests",
            dependencies: [
                "CPRBackfill", "CPRIngest", "CPRStore", "CPRGenerator", "CPRFormat", "CPRTestSupport", "CPRRuntime", "CPosixSpawn",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "cprdTests", dependencies: ["CPRTestSupport", "CPRRuntime"]),
    ],
    swiftLanguageModes: [.v6]
)
