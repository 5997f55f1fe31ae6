import Foundation

/// What an operator asked the worker to do.
public enum JobKind: String, Sendable, Codable, CaseIterable {
    /// Replay the archive into a fresh copy of the replica and switch to it.
    case rebuild
    /// Fetch chosen persons from the single-person source and apply them.
    case refresh
    /// Compare the replica with the subscription list.
    case reconcile
    /// Remove persons out of scope (dry run unless asked to execute).
    case purge
}

public enum JobState: String, Sendable, Codable {
    case queued, running, succeeded, failed, cancelled

    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

/// One row of `backfill_job`.
public struct Job: Sendable {
    public var id: Int64
    public var kind: JobKind
    /// JSON text; decoded by the job (`JobArguments`).
    public var arguments: String
    public var state: JobState
    public var cancelRequested: Bool
    public var attempts: Int
    public var maxAttempts: Int
    public var worker: String?
    public var checkpoint: String
    public var done: Int
    public var total: Int?
    public var result: String?
    public var error: String?
    public var enqueuedAt: Date
    public var startedAt: Date?
    public var heartbeatAt: Date?
    public var finishedAt: Date?

    static let columns = """
        id, kind, arguments, state, cancel_requested, attempts, max_attempts, worker, checkpoint, done, total,
        result, error, enqueued_at, started_at, heartbeat_at, finished_at
        """

    typealias Row = (Int64, String, String, String, Bool, Int, Int, String?, String, Int, Int?, String?, String?, Date, Date?, Date?, Date?)

    init(row: Row) throws {
        guard let kind = JobKind(rawValue: row.1), let state = JobState(rawValue: row.3) else {
            throw BackfillError.corruptJob(id: row.0)
        }
        (id, self.kind, arguments, self.state) = (row.0, kind, row.2, state)
        (cancelRequested, attempts, maxAttempts, worker, checkpoint) = (row.4, row.5, row.6, row.7, row.8)
        (done, total, result, error) = (row.9, row.10, row.11, row.12)
        (enqueuedAt, startedAt, heartbeatAt, finishedAt) = (row.13, row.14, row.15, row.16)
    }
}
