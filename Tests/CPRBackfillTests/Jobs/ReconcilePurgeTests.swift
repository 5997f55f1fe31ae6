@testable import CPRBackfill
import CPRStore
import Foundation
import PostgresNIO
import Testing

/// `reconcile` and `purge` on generated data with known differences from the subscription list.
@Suite struct ReconcilePurgeTests {
    struct Known {
        var municipality: String
        var subscribedElsewhere: [String]
        var missing: [String]
        var outOfScope: Set<String>
    }

    /// Subscribes the most common municipality, three persons living elsewhere and two PNRs the
    /// replica lacks; works out in Swift who is out of scope.
    static func arrange(_ replica: Replica) async throws -> Known {
        let rows = try await replica.withDatabase { database in
            try await database.client.query("SELECT pnr, current_pnr, municipality_code FROM person ORDER BY pnr", logger: Replica.logger)
                .decode((String, String?, String?).self).collect()
        }
        let aliases = try await replica.withDatabase { database in
            try await database.client.query("SELECT old_pnr, current_pnr FROM pnr_alias", logger: Replica.logger)
                .decode((String, String).self).collect()
        }
        var counts: [String: Int] = [:]
        for row in rows { if let code = row.2 { counts[code, default: 0] += 1 } }
        let municipality = counts.max { $0.value < $1.value }!.key
        let elsewhere = rows.filter { $0.2 != municipality && $0.1 == nil }.prefix(3).map(\.0)
        let held = Set(rows.map(\.0))
        let missing = ["0101019990", "0101019991"].filter { !held.contains($0) && !aliases.map(\.0).contains($0) }
        let subscribed = Set(elsewhere + missing)
        let outOfScope = Set(rows.filter { row in
            row.2 != municipality && !subscribed.contains(row.0) && !(row.1.map(subscribed.contains) ?? false)
                && !aliases.contains { $0.1 == row.0 && subscribed.contains($0.0) }
        }.map(\.0))
        try await replica.withDatabase { database in
            let list = SubscriptionList(database: database)
            try await list.add(try SubscriptionList.entries(pnrs: elsewhere + missing, municipalities: [municipality]))
        }
        return Known(municipality: municipality, subscribedElsewhere: Array(elsewhere), missing: missing, outOfScope: outOfScope)
    }

    @Test func reconcileReportsBothSidesAndFixEnqueuesRefreshAndDryRunPurge() async throws {
        let replica = try await Replica.make(persons: 400, seed: 111, changes: 0)
        defer { replica.remove() }
        let known = try await Self.arrange(replica)
        try #require(known.missing.count == 2 && known.subscribedElsewhere.count == 3 && !known.outOfScope.isEmpty)
        let id = try await replica.enqueue(.reconcile, JobArguments.Reconcile(fix: true))
        // Only the reconcile runs here: the worker would run the jobs it enqueues too.
        try await replica.withDatabase { database in
            try await database.withDedicatedConnection { connection in
                let claim = try #require(try await JobClaim.next(on: connection, token: "t", logger: Replica.logger))
                await JobRunner(database: database, settings: WorkerSettings(), logger: Replica.logger).run(claim)
            }
        }
        let job = try await replica.job(id)
        #expect(job.state == .succeeded)
        #expect(job.result?.hasPrefix("2 subscribed persons missing from the replica, \(known.outOfScope.count) persons in the replica out of scope; enqueued jobs") == true, "\(job.result ?? "")")
        let enqueued = try await replica.withDatabase { try await JobQueue(database: $0).list() }
        #expect(enqueued.map(\.kind) == [.refresh, .purge])
        #expect(try JSONDecoder().decode(JobArguments.Refresh.self, from: Data(enqueued[0].arguments.utf8)).pnrs == known.missing)
        #expect(try JSONDecoder().decode(JobArguments.Purge.self, from: Data(enqueued[1].arguments.utf8)).execute == false)
    }

    @Test func purgeDryRunCountsAndExecuteRemovesExactlyThoseOutOfScope() async throws {
        let replica = try await Replica.make(persons: 400, seed: 112, changes: 2)
        defer { replica.remove() }
        let known = try await Self.arrange(replica)
        let persons: Int? = try await replica.scalar("SELECT count(*) FROM person")
        let dryRun = try await replica.enqueue(.purge, JobArguments.Purge())
        try await replica.runWorker(WorkerSettings(retryDelay: .zero))
        #expect(try await replica.job(dryRun).result == "dry run: would remove \(known.outOfScope.count) persons out of scope; enqueue `purge --execute --expect \(known.outOfScope.count)` to remove them")
        #expect(try await replica.scalar("SELECT count(*) FROM person") == persons)

        // Fewer than are out of scope: the list changed since the dry run was read.
        let stale = try await replica.enqueue(.purge, JobArguments.Purge(execute: true, expect: known.outOfScope.count - 1), maxAttempts: 1)
        try await replica.runWorker(WorkerSettings(retryDelay: .zero))
        let refused = try await replica.job(stale)
        #expect(refused.state == .failed)
        #expect(refused.error?.contains("more than the \(known.outOfScope.count - 1) the dry run reported") == true, "\(refused.error ?? "")")
        #expect(try await replica.scalar("SELECT count(*) FROM person") == persons)

        let execute = try await replica.enqueue(.purge, JobArguments.Purge(execute: true, expect: known.outOfScope.count))
        try await replica.runWorker(WorkerSettings(retryDelay: .zero))
        let job = try await replica.job(execute)
        #expect(job.state == .succeeded)
        #expect(job.result == "removed \(known.outOfScope.count) persons out of scope")
        let left = Set(try await replica.withDatabase { database in
            try await database.client.query("SELECT pnr FROM person", logger: Replica.logger).decode(String.self).collect()
        })
        #expect(left.isDisjoint(with: known.outOfScope))
        #expect(left.count == persons! - known.outOfScope.count)
        #expect(Set(known.subscribedElsewhere).isSubset(of: left))
        #expect(try await replica.scalar("SELECT count(*) FROM person_raw WHERE pnr NOT IN (SELECT pnr FROM person)") == 0)
        #expect(try await replica.scalar("SELECT count(*) FROM person_change WHERE file_id IS NULL") == known.outOfScope.count)
    }

    @Test func purgeWithNothingSubscribedIsRefusedAndRemovesNothing() async throws {
        let replica = try await Replica.make(persons: 100, seed: 113, changes: 0)
        defer { replica.remove() }
        let before = try await replica.digest()
        let id = try await replica.enqueue(.purge, JobArguments.Purge(execute: true), maxAttempts: 1)
        try await replica.runWorker(WorkerSettings(retryDelay: .zero))
        let job = try await replica.job(id)
        #expect(job.state == .failed)
        #expect(job.error?.contains("purge refused") == true)
        #expect(try await replica.digest() == before)
    }
}
