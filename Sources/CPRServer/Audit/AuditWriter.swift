import CPRStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Writes audit records with group commit: requests hand their record over and wait; a few
/// writers each take everything pending, insert it with one statement (one commit), and
/// then resume every request of the batch. An answer is therefore sent only after its
/// record is committed, at the cost of one commit per batch instead of one per request.
public final class AuditWriter: Sendable {
    private struct Pending: Sendable {
        let record: AuditRecord
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let queue = BatchQueue<Pending>()
    private let database: Database
    private let writers: Int
    private let maximumBatch: Int
    private let retentionDays: Int?
    private let metrics: ServerMetrics?

    public init(database: Database, writers: Int = 2, maximumBatch: Int = 4096, retentionDays: Int?, metrics: ServerMetrics? = nil) {
        self.database = database
        self.metrics = metrics
        self.writers = max(1, writers)
        self.maximumBatch = maximumBatch
        self.retentionDays = retentionDays
    }

    /// Returns once the record is committed; throws when it could not be written, and then
    /// the request must not be answered with data.
    public func write(_ record: AuditRecord) async throws {
        try await withCheckedThrowingContinuation { continuation in
            if !queue.enqueue(Pending(record: record, continuation: continuation)) {
                continuation.resume(throwing: Problem.unavailable("the server is stopping"))
            }
        }
    }

    /// Records waiting for a writer.
    public var depth: Int { queue.depth }

    /// The writers; returns after `close()` once every pending record is written.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for _ in 0..<writers {
                group.addTask { await self.work() }
            }
        }
    }

    public func close() { queue.close() }

    /// A writer keeps one connection, so that a batch costs one round trip and one commit.
    private func work() async {
        let unavailable = Problem.unavailable("the audit log cannot be written")
        await ConnectionWorker.run(database, queue: queue, fail: { pending, _ in pending.continuation.resume(throwing: unavailable) }) { connection in
            while let batch = await self.queue.nextBatch(maximum: self.maximumBatch) {
                self.metrics?.auditBatchSize.record(Double(batch.count))
                do {
                    try await self.insert(batch.map(\.record), on: connection)
                    for pending in batch { pending.continuation.resume() }
                } catch {
                    self.database.logger.error("could not write audit records", metadata: ["records": "\(batch.count)", "error": "\(error)"])
                    for pending in batch { pending.continuation.resume(throwing: unavailable) }
                    throw error
                }
            }
        }
    }

    /// One COPY, which commits on its own: the batch is durable when it returns.
    private func insert(_ records: [AuditRecord], on connection: PostgresConnection) async throws {
        let rows = AuditRows.encode(records)
        do {
            try await copy(rows, on: connection)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23514" {
            // No partition for the rows' day (maintenance has not run for a while): make one, retry.
            try await AuditPartitions.maintain(database, retentionDays: retentionDays)
            try await copy(rows, on: connection)
        }
    }

    private func copy(_ rows: ByteBuffer, on connection: PostgresConnection) async throws {
        try await connection.copyFrom(table: "audit_log", columns: AuditRows.columns, logger: database.logger) { writer in
            try await writer.write(rows)
        }
    }
}
