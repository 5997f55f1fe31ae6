import Foundation
import Logging
import PostgresNIO

/// What an operator, a monitoring check and `/v1/status` want to know about freshness.
public struct ReplicationStatus: Sendable, Codable, Equatable {
    public enum Health: String, Sendable, Codable {
        case healthy, stale, failing
        /// `cprd status` exit codes: 0 healthy, 1 stale, 2 failing (3 is "database unreachable").
        public var exitCode: Int32 {
            switch self {
            case .healthy: 0
            case .stale: 1
            case .failing: 2
            }
        }
    }

    public var lastProductionDate: String?
    public var appliedAt: Date?
    public var ageSeconds: Int?
    public var filesApplied: Int
    public var filesRejected: Int
    /// The newest ledger row is a rejection: the queue is stopped until an operator acts.
    public var lastFileRejected: Bool
    public var lastError: String?
    public var health: Health
    public var reason: String
    /// Whether a process holds the single-writer lock now (a running `cprd sync`).
    public var writerLockHeld: Bool = false
    /// Files waiting in the inbox, when the inbox was given.
    public var pendingFiles: Int?

    /// The replica's state. With `expectWriter` (a host that runs `cprd sync`), no holder of
    /// the writer lock means the daemon died or lost its lock: failing.
    public static func read(
        _ database: Database, staleAfterDays: Int, expectWriter: Bool = false, pendingFiles: Int? = nil, now: Date = Date()
    ) async throws -> ReplicationStatus {
        let logger = database.logger
        let state = try await database.client.query("""
            SELECT last_production_date::text, applied_at FROM replication_state
            """, logger: logger).decode((String?, Date?).self).collect().first
        let counts = try await database.client.query("""
            SELECT count(*) FILTER (WHERE outcome = 'applied'), count(*) FILTER (WHERE outcome = 'rejected')
            FROM ingest_file
            """, logger: logger).decode((Int, Int).self).collect().first ?? (0, 0)
        let newest = try await database.client.query("""
            SELECT outcome, error FROM ingest_file ORDER BY id DESC LIMIT 1
            """, logger: logger).decode((String, String?).self).collect().first
        // pg_locks splits a bigint advisory key into its high and low 32 bits.
        let key = AdvisoryLock.writer.rawValue
        let held = try await database.client.query("""
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint = \(key >> 32) AND objid::bigint = \(key & 0xffff_ffff) AND objsubid = 1)
            """, logger: logger).decode(Bool.self).collect().first ?? false
        let appliedAt = state?.1
        let age = appliedAt.map { Int(now.timeIntervalSince($0)) }
        let rejected = newest?.0 == "rejected"
        var health = Health.healthy
        var reason = "the replica is current"
        if rejected {
            health = .failing
            reason = "the newest file was rejected: \(newest?.1 ?? "")"
        } else if state?.0 == nil {
            health = .failing
            reason = "the replica is empty: no file has been applied"
        } else if expectWriter && !held {
            health = .failing
            reason = "no cprd sync holds the writer lock: the daemon is stopped or lost its lock"
        } else if let age, age > staleAfterDays * 86_400 {
            health = .stale
            reason = "no file applied for \(age / 86_400) days (stale after \(staleAfterDays))"
        }
        return ReplicationStatus(
            lastProductionDate: state?.0, appliedAt: appliedAt, ageSeconds: age,
            filesApplied: counts.0, filesRejected: counts.1, lastFileRejected: rejected,
            lastError: rejected ? newest?.1 : nil, health: health, reason: reason,
            writerLockHeld: held, pendingFiles: pendingFiles
        )
    }
}
