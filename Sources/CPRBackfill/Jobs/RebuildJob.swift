import CPRIngest
import CPRStore
import Foundation
import PostgresNIO

/// Replays the archive into a fresh copy of the replica and switches to it in one transaction.
/// The copy's own ledger is the checkpoint: a resumed rebuild offers every planned file again
/// and the ingest path skips those the copy already applied.
struct RebuildJob: BackfillJob {
    struct Checkpoint: Codable {
        var prepared = false
        var switched = false
        var result: String?
    }

    /// How often the live replica may move ahead of the copy before the rebuild gives up.
    static let catchUpRounds = 5

    func run(_ context: JobContext) async throws -> String {
        // Checked again here: the date reaches SQL text, and the row may have been written by hand.
        let upTo = try context.arguments(JobArguments.Rebuild.self).upTo.map { date throws(BackfillError) in try JobArguments.validateDate(date) }
        guard let archive = context.settings.archiveDirectory else {
            throw BackfillError.notConfigured(key: "archive_dir", purpose: "to rebuild the replica from the archive")
        }
        let logger = context.logger
        let client = context.database.client
        let copy = try await self.copy(context)
        var checkpoint = try context.checkpoint(Checkpoint.self) ?? Checkpoint()
        if checkpoint.switched {
            // Crashed after the switch committed: only the leftovers remain to drop.
            try await copy.drop(client, logger: logger)
            return checkpoint.result ?? "rebuilt"
        }
        if !checkpoint.prepared {
            checkpoint.prepared = true
            let prepared = checkpoint
            try await client.transaction(logger: logger) { connection in
                try await copy.create(on: connection, logger: logger)
                try await context.record(checkpoint: prepared, done: 0, total: nil, on: connection)
            }
        }
        var copyURL = context.database.url
        copyURL.searchPath = copy.searchPath
        let forced = Set(try await client.query(
            "SELECT left(sha256, 16) FROM ingest_file WHERE outcome = 'applied' AND forced", logger: logger
        ).decode(String.self).collect())
        let jobID = context.job.id
        let result: String = try await Database.run(copyURL, maximumConnections: 8, logger: logger, failWhenUnreachableFor: nil) { copyDatabase in
            for _ in 0..<Self.catchUpRounds {
                let plan = try RebuildPlan(archive: archive, upTo: upTo)
                let ingestor = Ingestor(database: copyDatabase, archive: nil)
                for (index, file) in plan.files.enumerated() {
                    try await context.checkCancelled()
                    let summary = try await ingestor.ingest(file.path, kind: file.kind, force: forced.contains(file.shaPrefix))
                    try await context.progress(done: index + 1, total: plan.files.count)
                    logger.info("rebuild replayed a file", metadata: [
                        "job": "\(jobID)", "file": "\(summary.file)", "outcome": "\(summary.outcome.rawValue)", "persons": "\(summary.persons)",
                    ])
                }
                try await context.checkCancelled()
                let replicaSwitch = ReplicaSwitch(copy: copy, plan: plan, archiveDirectory: archive, upTo: upTo, jobID: jobID)
                let outcome = try await client.transaction(logger: logger) { connection in
                    try await replicaSwitch.run(on: connection, logger: logger) { connection, summary in
                        let done = Checkpoint(prepared: true, switched: true, result: summary)
                        try await context.record(checkpoint: done, done: plan.files.count, total: plan.files.count, on: connection)
                    }
                }
                switch outcome {
                case .switched(let summary):
                    return summary
                case .behind:
                    logger.notice("the live replica moved ahead during the rebuild; replaying the newer files", metadata: ["job": "\(jobID)"])
                }
            }
            throw BackfillError.rebuild("the live replica kept moving ahead of the copy; try again when the sync daemon is idle")
        }
        try await copy.drop(client, logger: logger)
        return result
    }

    func abandon(_ context: JobContext) async throws {
        try await copy(context).drop(context.database.client, logger: context.logger)
    }

    private func copy(_ context: JobContext) async throws -> ReplicaCopy {
        let live = try await context.database.client.query("SELECT current_schema()::text", logger: context.logger)
            .decode(String.self).collect().first ?? "public"
        return ReplicaCopy(schema: "cprd_rebuild_\(context.job.id)", liveSchema: live)
    }
}
