import CPRStore
import Foundation
import Logging
import PostgresNIO

/// The audit log's daily partitions: made a week ahead (without autovacuum), indexed on
/// PNRs once their day is over, dropped after the retention period.
public enum AuditPartitions {
    public static let daysAhead = 7

    /// Creates missing partitions and drops expired ones; returns how many were dropped.
    @discardableResult
    public static func maintain(_ database: Database, retentionDays: Int?) async throws -> Int {
        try await database.client.query(
            "SELECT cprd_audit_maintain(\(retentionDays)::int, \(daysAhead)::int)", logger: database.logger
        ).decode(Int.self).collect().first ?? 0
    }

    /// Indexes the PNRs of every day that is over and not indexed yet, and hands its
    /// partition back to autovacuum; returns the partitions it indexed. CREATE INDEX
    /// CONCURRENTLY does not block the late writes of a day just ended, but takes minutes on
    /// a busy day, so this runs beside the server, never in a request's path. One server at
    /// a time: the others find the lock taken and leave the work to it.
    @discardableResult
    public static func closeDays(_ database: Database) async throws -> [String] {
        try await database.withDedicatedConnection { connection in
            let logger = database.logger
            let locked = try await connection.query(
                "SELECT pg_try_advisory_lock(hashtext('cprd_audit_close_days'))", logger: logger
            ).decode(Bool.self).collect().first ?? false
            guard locked else { return [] }
            // An index left invalid by an interrupted build does not count: it is made anew.
            let days = try await connection.query("""
                SELECT d.part::text FROM cprd_audit_days() d
                WHERE d.day < (now() AT TIME ZONE 'UTC')::date
                  AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = d.part AND x.indisvalid)
                ORDER BY 1
                """, logger: logger).decode(String.self).collect()
            let backend = try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int32.self).collect().first ?? 0
            // A statement in PostgreSQL does not end with its Swift task: a stopping server
            // cancels the build in the database (the invalid index it leaves is made anew).
            return try await withTaskCancellationHandler {
                for part in days {
                    try Task.checkCancellation()
                    // `part` is named audit_log_YYYYMMDD (cprd_audit_days): safe as an identifier.
                    try await connection.query(PostgresQuery(unsafeSQL: "DROP INDEX CONCURRENTLY IF EXISTS \(part)_pnrs_idx"), logger: logger)
                    try await connection.query(PostgresQuery(unsafeSQL: """
                        CREATE INDEX CONCURRENTLY \(part)_pnrs_idx ON \(part) USING gin (pnrs) WITH (fastupdate = off)
                        """), logger: logger)
                    try await connection.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(part) RESET (autovacuum_enabled)"), logger: logger)
                    logger.info("audit day closed: PNRs indexed", metadata: ["partition": "\(part)"])
                }
                return days
            } onCancel: {
                // From a connection of its own: the pool may be closing with the server.
                Task {
                    _ = try? await database.withDedicatedConnection { connection in
                        try await connection.query("SELECT pg_cancel_backend(\(backend))", logger: logger)
                    }
                }
            }
        }
    }

    /// Closes the days that are over at once, then every `interval` makes the coming
    /// partitions (they must exist before midnight) and closes the day just ended; until
    /// cancelled.
    static func maintenanceLoop(_ database: Database, retentionDays: Int?, interval: Duration = .seconds(3600)) async {
        while !Task.isCancelled {
            do {
                try await closeDays(database)
            } catch where !Task.isCancelled {
                database.logger.warning("indexing closed audit days failed", metadata: ["error": "\(error)"])
            } catch {
                return  // the server is stopping
            }
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            do {
                try await maintain(database, retentionDays: retentionDays)
            } catch {
                database.logger.warning("audit partition maintenance failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
