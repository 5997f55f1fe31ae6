import PostgresNIO

/// Compares the replica with the subscription list: subscribed persons the replica lacks, and
/// persons the replica holds out of scope. With `fix`, enqueues a refresh of the former and a
/// dry-run purge of the latter, in the same transaction as its checkpoint.
struct ReconcileJob: BackfillJob {
    struct Checkpoint: Codable {
        var missing: Int
        var outOfScope: Int
        var enqueued: [Int64]
    }

    func run(_ context: JobContext) async throws -> String {
        if let done = try context.checkpoint(Checkpoint.self) { return Self.summary(done) }
        let fix = try context.arguments(JobArguments.Reconcile.self).fix
        let logger = context.logger
        let checkpoint = try await context.database.client.transaction(logger: logger) { connection in
            // One snapshot for both sides.
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
            let missing = try await connection.query(PostgresQuery(unsafeSQL: Scope.missingFromReplica), logger: logger)
                .decode(String.self).collect()
            let outOfScope = try await connection.query(PostgresQuery(unsafeSQL:
                "SELECT count(*) FROM person p WHERE NOT \(Scope.inScope)"
            ), logger: logger).decode(Int.self).collect().first ?? 0
            let hasSubscriptions = try await connection.query(PostgresQuery(unsafeSQL: Scope.hasSubscriptions), logger: logger)
                .decode(Bool.self).collect().first ?? false
            var checkpoint = Checkpoint(missing: missing.count, outOfScope: outOfScope, enqueued: [])
            if fix && !missing.isEmpty {
                checkpoint.enqueued.append(try await JobQueue.enqueue(.refresh, arguments: JobArguments.Refresh(pnrs: missing), on: connection, logger: logger))
            }
            // With an empty list everything is out of scope: that wants an operator, not a purge.
            if fix && outOfScope > 0 && hasSubscriptions {
                checkpoint.enqueued.append(try await JobQueue.enqueue(.purge, arguments: JobArguments.Purge(execute: false), on: connection, logger: logger))
            }
            try await context.record(checkpoint: checkpoint, done: 1, total: 1, on: connection)
            return checkpoint
        }
        return Self.summary(checkpoint)
    }

    static func summary(_ checkpoint: Checkpoint) -> String {
        var line = "\(checkpoint.missing) subscribed persons missing from the replica, \(checkpoint.outOfScope) persons in the replica out of scope"
        if !checkpoint.enqueued.isEmpty {
            line += "; enqueued job\(checkpoint.enqueued.count > 1 ? "s" : "") \(checkpoint.enqueued.map(String.init).joined(separator: ", "))"
        }
        return line
    }
}
