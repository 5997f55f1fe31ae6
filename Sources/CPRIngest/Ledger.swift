import CPRStore
import Foundation
import Logging
import PostgresNIO

/// The file ledger and replication state: what the replica holds and every file offered to it.
struct Ledger {
    struct Entry: Sendable {
        var fileName: String
        var fingerprint: FileFingerprint
        var kind: IngestKind
        var taskNumber: String?
        var productionDate: String?
        var previousProductionDate: String?
        var records: Int?
        var persons: Int?
        var startedAt: Date
        var forced = false
        var error: String?
        var archivePath: String?
    }

    struct State: Sendable {
        var lastProductionDate: String?
        var lastFileID: Int64?
    }

    static func state(_ connection: PostgresConnection, forUpdate: Bool, logger: Logger) async throws -> State {
        let lock = forUpdate ? " FOR UPDATE" : ""
        let rows = try await connection.query(PostgresQuery(unsafeSQL:
            "SELECT last_production_date::text, last_file_id FROM replication_state\(lock)"
        ), logger: logger).decode((String?, Int64?).self).collect()
        return State(lastProductionDate: rows.first?.0, lastFileID: rows.first?.1)
    }

    static func appliedBefore(sha256: String, _ client: PostgresClient, logger: Logger) async throws -> Int64? {
        try await client.query(
            "SELECT id FROM ingest_file WHERE sha256 = \(sha256) AND outcome = 'applied'", logger: logger
        ).decode(Int64.self).collect().first
    }

    /// Inserts a ledger row; `outcome` is applied or rejected.
    static func record(_ entry: Entry, outcome: String, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let finished = Date()
        let seconds = finished.timeIntervalSince(entry.startedAt)
        let rows = try await connection.query("""
            INSERT INTO ingest_file (file_name, sha256, kind, task_number, production_date, previous_production_date,
                                     records, persons, bytes, started_at, finished_at, seconds, outcome, forced, error, archive_path)
            VALUES (\(entry.fileName), \(entry.fingerprint.sha256), \(entry.kind.rawValue), \(entry.taskNumber),
                    \(entry.productionDate)::date, \(entry.previousProductionDate)::date, \(entry.records), \(entry.persons),
                    \(entry.fingerprint.bytes), \(entry.startedAt), \(finished), \(seconds), \(outcome), \(entry.forced),
                    \(entry.error), \(entry.archivePath))
            RETURNING id
            """, logger: logger).decode(Int64.self).collect()
        return rows[0]
    }

    /// A rejected file gets its own ledger row, outside the (rolled back) data transaction.
    static func recordRejection(_ entry: Entry, _ client: PostgresClient, logger: Logger) async {
        do {
            _ = try await client.withConnection { connection in
                try await record(entry, outcome: "rejected", on: connection, logger: logger)
            }
        } catch {
            logger.error("could not record a rejected file in the ledger", metadata: ["file": "\(entry.fileName)", "error": "\(error)"])
        }
    }

    static func advance(to productionDate: String, fileID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE replication_state
            SET last_production_date = \(productionDate)::date, last_file_id = \(fileID), applied_at = now()
            """, logger: logger)
    }
}
