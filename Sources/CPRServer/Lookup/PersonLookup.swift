import CPRStore
import Logging
import PostgresNIO

/// Finds persons by number. Concurrent single lookups are gathered into one
/// `WHERE pnr = ANY($1)` round trip: a one-query-per-request design spends its time on
/// protocol round trips, not on finding rows.
final class PersonLookup: Sendable {
    private struct Request: Sendable {
        let pnr: String
        let continuation: CheckedContinuation<PersonRow?, any Error>
    }

    private let queue = BatchQueue<Request>()
    private let database: Database
    private let workers: Int
    private let maximumBatch: Int
    private let metrics: ServerMetrics?

    init(database: Database, workers: Int, maximumBatch: Int = 256, metrics: ServerMetrics? = nil) {
        self.database = database
        self.metrics = metrics
        self.workers = max(1, workers)
        self.maximumBatch = maximumBatch
    }

    /// The person with this number, an old number's own row, or the current person an
    /// alias-only old number resolves to; nil when unknown.
    func find(_ pnr: String) async throws -> PersonRow? {
        try await withCheckedThrowingContinuation { continuation in
            if !queue.enqueue(Request(pnr: pnr, continuation: continuation)) {
                continuation.resume(throwing: Problem.unavailable("the server is stopping"))
            }
        }
    }

    /// Many numbers at once (POST lookup): one round trip, plus one for old numbers.
    func find(all pnrs: [String]) async throws -> [String: PersonRow] {
        try await database.client.withConnection { connection in try await self.fetch(pnrs, on: connection) }
    }

    /// The batching workers; returns once `close()` was called and the queue is drained.
    func run() async {
        await withDiscardingTaskGroup { group in
            for _ in 0..<workers {
                group.addTask { await self.work() }
            }
        }
    }

    func close() { queue.close() }

    /// A worker keeps one connection, so a batch costs one round trip and no pool bookkeeping.
    private func work() async {
        await ConnectionWorker.run(database, queue: queue, fail: { $0.continuation.resume(throwing: $1) }) { connection in
            // `pnr = ANY($1)` makes PostgreSQL plan each execution anew (its custom plans look
            // cheaper than the generic one), which cost a tenth of the lookup's database time.
            // The plan is the same for every batch: the primary key.
            try await connection.query("SET plan_cache_mode = force_generic_plan", logger: self.database.logger)
            while let batch = await self.queue.nextBatch(maximum: self.maximumBatch, gather: true) {
                self.metrics?.lookupBatchSize.record(Double(batch.count))
                do {
                    let rows = try await self.fetch(batch.map(\.pnr), on: connection)
                    for request in batch { request.continuation.resume(returning: rows[request.pnr]) }
                } catch {
                    for request in batch { request.continuation.resume(throwing: error) }
                    throw error
                }
            }
        }
    }

    private func fetch(_ pnrs: [String], on connection: PostgresConnection) async throws -> [String: PersonRow] {
        let unique = Array(Set(pnrs))
        var rows: [String: PersonRow] = [:]
        rows.reserveCapacity(unique.count)
        for try await row in try await connection.execute(PersonsByPNR(pnrs: unique), logger: database.logger) {
            rows[row.pnr] = row
        }
        let missing = unique.filter { rows[$0] == nil }
        if !missing.isEmpty {
            for try await (old, row) in try await connection.execute(PersonsByAlias(pnrs: missing), logger: database.logger) where rows[old] == nil {
                rows[old] = row
            }
        }
        return rows
    }
}
