import CPRStore
import Foundation
import Logging
import PostgresNIO

/// Replaces the record sets of the persons in a small CPR file that is not part of CPR's file
/// chain: the answer of the single-person source to a refresh. Same loader, merger and checks
/// as a change file, but no ledger row and no new production date; each person gets a
/// change-feed row without a file.
public struct PersonReplacement: Sendable {
    public let database: Database
    /// Names this loader's staging tables, so that it never meets the file chain's or another job's.
    public let stagingSuffix: String

    public init(database: Database, stagingSuffix: String) {
        self.database = database
        self.stagingSuffix = stagingSuffix
    }

    /// Loads `path` (000, the persons' records, 999) and replaces those persons in one
    /// transaction that also runs `alongside` (a job's checkpoint), so both commit together.
    /// Returns the number of persons replaced.
    public func apply(
        _ path: String, displayName: String,
        alongside: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> Int {
        let logger = database.logger
        let tables = StagingTables(kind: .change, suffix: stagingSuffix)
        for statement in tables.createStatements {
            try await database.client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        // The refreshed records are at least as fresh as the replica's last file.
        let production = try await database.client.query(
            "SELECT coalesce(last_production_date, current_date)::text FROM replication_state", logger: logger
        ).decode(String.self).collect().first ?? "1970-01-01"
        let rows = RunRows(productionDate: production, updatedAt: Ingestor.timestamp(Date()))
        do {
            _ = try await FileLoader(path: path, displayName: displayName, tables: tables, rows: rows, database: database, progress: nil).load()
            _ = try await RunMerger(tables: tables, rows: rows, database: database, displayName: displayName).merge()
            try await Ingestor.requireOnePersonPerPNR(tables: tables, database: database, displayName: displayName)
        } catch {
            _ = try? await database.client.query(PostgresQuery(unsafeSQL: tables.dropStatement), logger: logger)
            throw error
        }
        let persons = try await Ingestor.count(tables.person, database)
        try await database.client.withTransaction(logger: logger) { connection in
            // Takes turns with the file chain's writer, which holds this row while it applies.
            try await connection.query("SELECT 1 FROM replication_state FOR UPDATE", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: ReplicaWriter.recordChanges(
                from: tables, fileID: nil, productionDate: nil
            )), logger: logger)
            for statement in ReplicaWriter.replacePersons(from: tables) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await alongside(connection)
        }
        try await database.client.query(PostgresQuery(unsafeSQL: tables.dropStatement), logger: logger)
        return persons
    }
}
