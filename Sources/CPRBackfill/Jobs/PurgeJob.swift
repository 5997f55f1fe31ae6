import PostgresNIO

/// Removes persons out of scope (data minimisation). Without `execute` it only counts them:
/// the dry run an operator reads before asking for the real thing. Deletes in batches, each
/// batch with its checkpoint in one transaction, checking scope again at the moment of
/// deleting, so a person subscribed meanwhile is kept.
struct PurgeJob: BackfillJob {
    struct Checkpoint: Codable {
        var removed = 0
        var candidates = 0
    }

    static let batch = 500

    func run(_ context: JobContext) async throws -> String {
        let arguments = try context.arguments(JobArguments.Purge.self)
        let execute = arguments.execute
        let logger = context.logger
        let client = context.database.client
        let hasSubscriptions = try await client.query(PostgresQuery(unsafeSQL: Scope.hasSubscriptions), logger: logger)
            .decode(Bool.self).collect().first ?? false
        guard hasSubscriptions else {
            throw BackfillError.purgeRefused("the subscription list has nothing in scope, so every person would be removed; add subscriptions first")
        }
        var checkpoint = try context.checkpoint(Checkpoint.self) ?? Checkpoint()
        let remaining = try await client.query(PostgresQuery(unsafeSQL:
            "SELECT count(*) FROM person p WHERE NOT \(Scope.inScope)"
        ), logger: logger).decode(Int.self).collect().first ?? 0
        guard execute else {
            try await context.record(checkpoint: Checkpoint(removed: 0, candidates: remaining), done: remaining, total: remaining)
            return "dry run: would remove \(remaining) persons out of scope; enqueue `purge --execute --expect \(remaining)` to remove them"
        }
        // Checked when the job starts, not on resuming: its own deletions lower the count.
        if checkpoint.candidates == 0, let expected = arguments.expect, remaining > expected {
            throw BackfillError.purgeRefused("\(remaining) persons are out of scope now, more than the \(expected) the dry run reported; run a dry run again and read it")
        }
        if checkpoint.candidates == 0 { checkpoint.candidates = remaining }
        let total = checkpoint.removed + remaining
        try await context.progress(done: checkpoint.removed, total: total)
        while true {
            try await context.checkCancelled()
            let before = checkpoint
            let removed = try await client.transaction(logger: logger) { connection in
                // Takes turns with the file chain's writer.
                try await connection.query("SELECT 1 FROM replication_state FOR UPDATE", logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: """
                    CREATE TEMPORARY TABLE purge_batch ON COMMIT DROP AS
                    SELECT p.pnr, p.municipality_code FROM person p WHERE NOT \(Scope.inScope) ORDER BY p.pnr LIMIT \(Self.batch)
                    """), logger: logger)
                let count = try await connection.query("SELECT count(*) FROM purge_batch", logger: logger)
                    .decode(Int.self).collect().first ?? 0
                guard count > 0 else { return 0 }
                for statement in [
                    "DELETE FROM person_raw WHERE pnr IN (SELECT pnr FROM purge_batch)",
                    "DELETE FROM pnr_alias WHERE source_pnr IN (SELECT pnr FROM purge_batch)",
                    "DELETE FROM person_event WHERE pnr IN (SELECT pnr FROM purge_batch)",
                    "DELETE FROM person WHERE pnr IN (SELECT pnr FROM purge_batch)",
                    // Feed readers learn the person is gone; those limited to municipalities
                    // by where the person lived, as the person row is gone.
                    """
                    INSERT INTO person_change (pnr, file_id, production_date, municipalities)
                    SELECT pnr, NULL, coalesce((SELECT last_production_date FROM replication_state), current_date),
                           array_remove(ARRAY[municipality_code], NULL)
                    FROM purge_batch ORDER BY pnr
                    """,
                ] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                var next = before
                next.removed += count
                try await context.record(checkpoint: next, done: next.removed, total: max(total, next.removed), on: connection)
                return count
            }
            if removed == 0 { break }
            checkpoint.removed += removed
        }
        return "removed \(checkpoint.removed) persons out of scope"
    }
}
