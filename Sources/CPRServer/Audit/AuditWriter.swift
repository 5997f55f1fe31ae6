import CPRStore
import Foundation
import Logging
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

    private func insert(_ records: [AuditRecord], on connection: PostgresConnection) async throws {
        do {
            _ = try await connection.execute(AuditInsert(records: records), logger: database.logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23514" {
            // No partition for the rows' day (maintenance has not run for a while): make one, retry.
            try await AuditPartitions.maintain(database, retentionDays: retentionDays)
            _ = try await connection.execute(AuditInsert(records: records), logger: database.logger)
        }
    }
}

/// One multi-row INSERT for a batch: arrays in, `unnest` turns them into rows.
struct AuditInsert: PostgresPreparedStatement {
    static let name = "cprd_audit_insert"
    static let sql = """
        INSERT INTO audit_log (at, agreement, system, user_id, on_behalf_of, accounting, call_id,
                               method, route, status, outcome, pnrs, latency_us)
        SELECT at, nullif(agreement, ''), nullif(system, ''), nullif(user_id, ''), nullif(on_behalf_of, ''),
               nullif(accounting, ''), nullif(call_id, ''), method, route, status, outcome,
               CASE WHEN pnrs = '' THEN '{}'::text[] ELSE string_to_array(pnrs, ',') END, latency_us
        FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::text[], $9::text[], $10::int2[], $11::text[], $12::text[], $13::int4[])
          AS r(at, agreement, system, user_id, on_behalf_of, accounting, call_id, method, route, status, outcome, pnrs, latency_us)
        """
    typealias Row = Void

    var records: [AuditRecord]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 13)
        bindings.append(records.map(\.at))
        bindings.append(records.map { $0.agreement ?? "" })
        bindings.append(records.map { $0.system ?? "" })
        bindings.append(records.map { $0.user ?? "" })
        bindings.append(records.map { $0.onBehalfOf ?? "" })
        bindings.append(records.map { $0.accounting ?? "" })
        bindings.append(records.map { $0.callID ?? "" })
        bindings.append(records.map(\.method))
        bindings.append(records.map(\.route))
        bindings.append(records.map { Int16(clamping: $0.status) })
        bindings.append(records.map(\.outcome.rawValue))
        bindings.append(records.map { $0.pnrs.joined(separator: ",") })
        bindings.append(records.map { Int32(clamping: $0.latencyMicroseconds) })
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}
