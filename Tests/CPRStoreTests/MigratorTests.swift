import CPRStore
import CPRTestSupport
import PostgresNIO
import Testing

@Suite struct MigratorTests {
    func tables(_ database: Database) async throws -> [String] {
        try await database.client.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", logger: database.logger
        ).decode(String.self).collect()
    }

    func recorded(_ database: Database) async throws -> [(Int, String)] {
        try await database.client.query(
            "SELECT version, checksum FROM cprd_migration ORDER BY version", logger: database.logger
        ).decode((Int, String).self).collect()
    }

    @Test func migratesEmptyDatabaseThenChangesNothing() async throws {
        try await TestPostgres.withDatabase(migrated: false) { database in
            #expect(try await tables(database).isEmpty)
            let first = try await Migrator().migrate(database)
            #expect(first.applied == Migration.bundled.map(\.version))
            #expect(first.alreadyApplied.isEmpty)
            let created = try await tables(database)
            for table in ["person", "person_raw", "pnr_alias", "ingest_file", "replication_state", "cprd_migration"] {
                #expect(created.contains(table), "missing table \(table)")
            }
            let before = try await recorded(database)
            let second = try await Migrator().migrate(database)
            #expect(second.applied.isEmpty)
            #expect(second.alreadyApplied == Migration.bundled.map(\.version))
            #expect(try await recorded(database).map(\.0) == before.map(\.0))
            #expect(try await tables(database) == created)
            #expect(try await Migrator().isCurrent(database))
        }
    }

    @Test func refusesChangedChecksumAndLeavesDatabaseUntouched() async throws {
        try await TestPostgres.withDatabase(migrated: true) { database in
            let before = try await recorded(database)
            var changed = Migration.bundled
            changed[0].sql += "\nCREATE TABLE must_not_exist (x int);"
            changed.append(Migration(version: 9998, name: "later", sql: "CREATE TABLE also_not (x int);"))
            await #expect {
                try await Migrator(migrations: changed).migrate(database)
            } throws: { error in
                guard case .checksumChanged(let version, _, _, _) = error as? MigrationError else { return false }
                return version == changed[0].version
            }
            #expect(try await recorded(database).map(\.1) == before.map(\.1))
            let tables = try await tables(database)
            #expect(!tables.contains("must_not_exist"))
            #expect(!tables.contains("also_not"))
        }
    }

    @Test func refusesUnknownNewerMigration() async throws {
        try await TestPostgres.withDatabase(migrated: false) { database in
            let newer = Migration.bundled + [Migration(version: 9999, name: "from_the_future", sql: "CREATE TABLE future (x int)")]
            _ = try await Migrator(migrations: newer).migrate(database)
            let before = try await recorded(database)
            await #expect {
                try await Migrator().migrate(database)
            } throws: { error in
                (error as? MigrationError) == .unknown(version: 9999, newest: Migration.bundled.last!.version)
            }
            #expect(try await recorded(database).count == before.count)
            await #expect(throws: MigrationError.self) { try await Migrator().isCurrent(database) }
        }
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        let url = try await TestPostgres.freshDatabase()
        let reports = try await withThrowingTaskGroup(of: Migrator.Report.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await Database.run(url, maximumConnections: 1, logger: .init(label: "test")) { database in
                        try await Migrator().migrate(database)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.map(\.applied.count).reduce(0, +) == Migration.bundled.count)
        let versions = try await Database.run(url, maximumConnections: 1, logger: .init(label: "test")) { database in
            try await recorded(database).map(\.0)
        }
        #expect(versions == Migration.bundled.map(\.version))
    }

    @Test func migrationFileNames() {
        #expect(Migration(file: "0001_replica.sql", sql: "")?.version == 1)
        #expect(Migration(file: "0001_replica.sql", sql: "")?.name == "replica")
        #expect(Migration(file: "replica.sql", sql: "") == nil)
        #expect(Migration(file: "0002-x.sql", sql: "") == nil)
        #expect(!Migration.bundled.isEmpty)
        #expect(Set(Migration.bundled.map(\.version)).count == Migration.bundled.count)
    }
}
