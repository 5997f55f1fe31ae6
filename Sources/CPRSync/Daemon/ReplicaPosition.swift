import CPRStore
import Foundation
import PostgresNIO

/// Where the replica stands: the row the Ingestor writes in the same transaction as the data.
struct ReplicaPosition: Sendable, Equatable {
    var lastProductionDate: String?
    var lastFileID: Int64?
    var appliedAt: Date?

    static func read(_ database: Database) async throws -> ReplicaPosition {
        let rows = try await database.client.query(
            "SELECT last_production_date::text, last_file_id, applied_at FROM replication_state", logger: database.logger
        ).decode((String?, Int64?, Date?).self).collect()
        guard let row = rows.first else { return ReplicaPosition() }
        return ReplicaPosition(lastProductionDate: row.0, lastFileID: row.1, appliedAt: row.2)
    }

    /// Which of `names` the ledger records as applied (the same name is never fetched twice).
    static func appliedNames(_ names: [String], _ database: Database) async throws -> Set<String> {
        guard !names.isEmpty else { return [] }
        let rows = try await database.client.query(
            "SELECT DISTINCT file_name FROM ingest_file WHERE outcome = 'applied' AND file_name = ANY(\(names))",
            logger: database.logger
        ).decode(String.self).collect()
        return Set(rows)
    }
}
