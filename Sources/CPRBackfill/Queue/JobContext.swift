import CPRStore
import Foundation
import Logging
import ServiceLifecycle
import PostgresNIO

/// What a running job sees of its row: arguments, the checkpoint it left, and a way to record
/// progress. Every write is fenced by the claim's token, so a worker that lost its claim
/// stops at its next checkpoint instead of racing the worker that took over.
public struct JobContext: Sendable {
    public let job: Job
    let token: String
    public let database: Database
    public let settings: WorkerSettings
    public let logger: Logger
    /// Set when the claim's connection stopped answering: the job stops at its next checkpoint.
    var watch: ClaimWatch? = nil

    public func arguments<T: Decodable>(_ type: T.Type) throws -> T {
        try JobArguments.decode(type, from: job.arguments, job: job.id)
    }

    /// The checkpoint the job last recorded, or nil on a first run.
    public func checkpoint<T: Decodable>(_ type: T.Type) throws -> T? {
        job.checkpoint == "{}" ? nil : try JobArguments.decode(type, from: job.checkpoint, job: job.id)
    }

    /// Records progress (and a checkpoint) on `connection`, inside the caller's transaction when
    /// it has one, so the checkpoint commits with the work it describes. Throws `JobCancelled`
    /// when an operator asked to cancel, and `ClaimLost` when another worker holds the job.
    public func record(
        checkpoint: (some Encodable)?, done: Int, total: Int?, on connection: PostgresConnection? = nil
    ) async throws {
        try checkClaim()
        let text = checkpoint.map { JobArguments.encode($0) }
        let query = PostgresQuery(unsafeSQL: """
            UPDATE backfill_job SET checkpoint = coalesce($1, checkpoint), done = \(done), total = \(total.map(String.init) ?? "total"),
                heartbeat_at = now()
            WHERE id = \(job.id) AND worker = $2 AND state = 'running'
            RETURNING cancel_requested
            """, binds: binds(text, token))
        let rows: [Bool]
        if let connection {
            rows = try await connection.query(query, logger: logger).decode(Bool.self).collect()
        } else {
            rows = try await database.client.query(query, logger: logger).decode(Bool.self).collect()
        }
        guard let cancel = rows.first else { throw ClaimLost(job: job.id) }
        if cancel { throw JobCancelled() }
        // The worker is stopping: end here, with the checkpoint just committed.
        if Task.isShuttingDownGracefully { throw CancellationError() }
    }

    /// Progress only.
    public func progress(done: Int, total: Int?) async throws {
        try await record(checkpoint: Optional<Int>.none, done: done, total: total)
    }

    /// Throws `JobCancelled` when an operator asked to cancel.
    public func checkCancelled() async throws {
        try checkClaim()
        let cancel = try await database.client.query(
            "SELECT cancel_requested FROM backfill_job WHERE id = \(job.id)", logger: logger
        ).decode(Bool.self).collect().first ?? true
        if cancel { throw JobCancelled() }
        try Task.checkCancellation()
    }
}

extension JobContext {
    /// Throws `ClaimLost` once the claim's connection stopped answering: the job's lock is gone
    /// with its session, so the job must not go on (the row still names this worker, so the
    /// token alone would not fence it until another worker takes the job).
    func checkClaim() throws {
        if watch?.isLost == true { throw ClaimLost(job: job.id, connectionLost: true) }
    }
}

/// An operator cancelled the job: undo what is half done and stop.
public struct JobCancelled: Error, CustomStringConvertible {
    public var description: String { "cancelled by an operator" }
}

/// Another worker holds the job (this one's claim was lost): stop without touching it.
public struct ClaimLost: Error, CustomStringConvertible {
    public var job: Int64
    /// The claim's connection stopped answering (rather than another worker taking the job).
    public var connectionLost = false
    public var description: String {
        connectionLost
            ? "the connection holding the claim on job \(job) stopped answering; this worker stopped the job"
            : "job \(job) is held by another worker; this worker let it go"
    }
}
