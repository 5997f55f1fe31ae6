import CPRStore
import Foundation
import Synchronization
import Logging
import PostgresNIO

/// The PostgreSQL server the tests use: `CPRD_TEST_DATABASE_URL` when set, otherwise a
/// private server started once per test process and stopped when it exits.
public enum TestPostgres {
    /// The admin URL of the server; starts the private server on first use.
    public static func serverURL() throws -> DatabaseURL {
        try shared.get()
    }

    /// The private server, when the harness started one (tests that stop it need it).
    public static var privateServer: PrivatePostgres? { privateServerBox.withLock { $0 } }

    private static let privateServerBox = Mutex<PrivatePostgres?>(nil)

    private static let shared: Result<DatabaseURL, any Error> = Result {
        if let text = ProcessInfo.processInfo.environment["CPRD_TEST_DATABASE_URL"], !text.isEmpty {
            return try DatabaseURL(text)
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("cprd-test-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let server = try PrivatePostgres.start(dataDirectory: folder, settings: testSettings)
        privateServerBox.withLock { $0 = server }
        stopAtExit()
        return server.url
    }

    /// Durability traded for speed: the tests never crash the machine, only processes. The
    /// full suite's parallel tests held up to 316 sessions at once: with 300, a dedicated
    /// connection (which, unlike the pool, does not retry) failed with "too many clients".
    static let testSettings = [
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "max_connections": "1000",
        "shared_buffers": "256MB",
    ]

    /// Swift Testing has no global tear-down: stop the server when the test process exits.
    private static func stopAtExit() {
        atexit {
            guard let server = TestPostgres.privateServer else { return }
            server.stop(mode: "immediate")
            try? FileManager.default.removeItem(atPath: server.dataDirectory)
        }
    }

    static let logger: Logger = {
        var logger = Logger(label: "cprd.test")
        logger.logLevel = .warning
        return logger
    }()

    /// A new, empty database on the test server, so that tests can run in parallel.
    public static func freshDatabase(migrated: Bool = false) async throws -> DatabaseURL {
        let server = try serverURL()
        let name = "t_\(UInt64.random(in: 0...UInt64.max) & 0xffff_ffff_ffff)"
        _ = try await Database.run(server, maximumConnections: 1, logger: logger) { database in
            try await database.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        let url = server.with(database: name)
        if migrated {
            try await Database.run(url, maximumConnections: 2, logger: logger) { database in
                _ = try await Migrator().migrate(database)
            }
        }
        return url
    }

    /// Runs `body` with a pool on a new database.
    public static func withDatabase<Result: Sendable>(
        migrated: Bool = true,
        _ body: @escaping @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        let url = try await freshDatabase(migrated: migrated)
        // Enough for a file load (five COPY streams, the writer lock and one more).
        return try await Database.run(url, maximumConnections: 8, logger: logger, body)
    }
}
