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

    /// The ledger row under which these bytes are in the replica's applied set, if they are.
    /// A file stays there once applied (a second offer is a no-op) until a status extract
    /// older than it (forced) or another status extract of its date replaces the replica
    /// (`rollBack`), or a rebuild up to an earlier date rolls it back; then it may be applied
    /// again.
    static func appliedBefore(sha256: String, _ client: PostgresClient, logger: Logger) async throws -> Int64? {
        try await client.query(
            "SELECT id FROM ingest_file WHERE sha256 = \(sha256) AND outcome = 'applied'", logger: logger
        ).decode(Int64.self).collect().first
    }

    /// Inserts a ledger row; `outcome` is applied or rejected. An applied status extract first
    /// takes out of the applied set what the replica no longer holds (`rollBack`), in the
    /// same transaction as the data.
    static func record(_ entry: Entry, outcome: String, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        if outcome == "applied", entry.kind == .full, let productionDate = entry.productionDate {
            try await rollBack(displacedBy: entry, productionDate: productionDate, on: connection, logger: logger)
        }
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

    /// A status extract of production D replaces the replica whole. Files the replica then no
    /// longer holds become 'rolled-back' (as after a rebuild up to an earlier date), so that
    /// offering them again applies them instead of answering "already applied":
    /// - every file of a later production (only when D is older than the replica: --force);
    /// - another status extract of the same production D (one replaced the other);
    /// - an earlier application of these very bytes (a forced re-application), which would
    ///   otherwise collide with the index `ingest_file_applied_once`.
    /// Files before D stay applied: their content is part of what the extract of D says, and
    /// offering one again stays a no-op.
    static func rollBack(displacedBy entry: Entry, productionDate: String, on connection: PostgresConnection, logger: Logger) async throws {
        let note = "rolled back: status extract \(entry.fileName) (production \(productionDate)) replaced the replica"
        let rolled = try await connection.query("""
            UPDATE ingest_file SET outcome = 'rolled-back', error = \(note)
            WHERE outcome = 'applied'
              AND (production_date > \(productionDate)::date
                   OR (kind = 'full' AND production_date = \(productionDate)::date)
                   OR sha256 = \(entry.fingerprint.sha256))
            RETURNING file_name, production_date::text
            """, logger: logger).decode((String, String?).self).collect()
            .sorted { ($0.1 ?? "", $0.0) < ($1.1 ?? "", $1.0) }
        if !rolled.isEmpty {
            logger.notice("files no longer in the replica were rolled back; they can be ingested again", metadata: [
                "file": "\(entry.fileName)", "production": "\(productionDate)",
                "rolled_back": "\(rolled.map { "\($0.0) (\($0.1 ?? "?"))" }.joined(separator: ", "))",
            ])
        }
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
