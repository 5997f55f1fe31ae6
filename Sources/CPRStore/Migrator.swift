import Logging
import PostgresNIO

/// Applies pending migrations in order, each in its own transaction, under an advisory
/// lock so that concurrent `cprd migrate` runs apply each migration exactly once.
public struct Migrator: Sendable {
    public var migrations: [Migration]

    public init(migrations: [Migration] = Migration.bundled) {
        self.migrations = migrations
    }

    public struct Report: Sendable, Equatable {
        public var applied: [Int]
        public var alreadyApplied: [Int]
    }

    public func migrate(_ database: Database) async throws -> Report {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(AdvisoryLock.migrate.rawValue))", logger: logger)
            do {
                let report = try await migrateLocked(connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(AdvisoryLock.migrate.rawValue))", logger: logger)
                return report
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(AdvisoryLock.migrate.rawValue))", logger: logger)
                throw error
            }
        }
    }

    /// Versions and checksums recorded in the database, or [] before the first migration.
    public static func recorded(on connection: PostgresConnection, logger: Logger) async throws -> [Int: String] {
        let exists = try await connection.query(
            "SELECT to_regclass('cprd_migration') IS NOT NULL", logger: logger
        ).collect().first?.decode(Bool.self) ?? false
        guard exists else { return [:] }
        var recorded: [Int: String] = [:]
        for try await (version, checksum) in try await connection.query(
            "SELECT version, checksum FROM cprd_migration", logger: logger
        ).decode((Int, String).self) {
            recorded[version] = checksum
        }
        return recorded
    }

    private func migrateLocked(_ connection: PostgresConnection, logger: Logger) async throws -> Report {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS cprd_migration (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        let recorded = try await Self.recorded(on: connection, logger: logger)
        try verify(recorded)
        var report = Report(applied: [], alreadyApplied: [])
        for migration in migrations {
            if recorded[migration.version] != nil {
                report.alreadyApplied.append(migration.version)
                continue
            }
            try await connection.withTransaction(logger: logger) { connection in
                try await Database.execute(script: migration.sql, on: connection, logger: logger)
                try await connection.query("""
                    INSERT INTO cprd_migration (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """, logger: logger)
            }
            logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            report.applied.append(migration.version)
        }
        return report
    }

    /// Refuses a database this binary does not understand, before touching it.
    public func verify(_ recorded: [Int: String]) throws(MigrationError) {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, checksum) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[version] else {
                throw .unknown(version: version, newest: migrations.last?.version ?? 0)
            }
            guard migration.checksum == checksum else {
                throw .checksumChanged(version: version, name: migration.name, recorded: checksum, bundled: migration.checksum)
            }
        }
    }

    /// True when every bundled migration is recorded: workers wait for this before starting.
    public func isCurrent(_ database: Database) async throws -> Bool {
        let recorded = try await database.client.withConnection { connection in
            try await Self.recorded(on: connection, logger: database.logger)
        }
        try verify(recorded)
        return migrations.allSatisfy { recorded[$0.version] != nil }
    }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case unknown(version: Int, newest: Int)
    case checksumChanged(version: Int, name: String, recorded: String, bundled: String)

    public var description: String {
        switch self {
        case .unknown(let version, let newest):
            "the database has migration \(version), which this cprd does not know (it knows up to \(newest)); run a newer cprd"
        case .checksumChanged(let version, let name, let recorded, let bundled):
            "migration \(version) (\(name)) was changed after it was applied: database has checksum \(recorded.prefix(12))…, this cprd has \(bundled.prefix(12))…"
        }
    }
}
