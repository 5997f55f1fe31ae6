@testable import CPRBackfill
import CPRStore
import Foundation
import Testing

@Suite struct JobQueueTests {
    @Test func badArgumentsAreRefusedWithAClearMessage() throws {
        #expect(throws: BackfillError.invalidArgument("argument 2 is not a PNR: expected exactly 10 digits without a hyphen")) {
            try JobArguments.validatePNRs(["0101011234", "010101-1234"])
        }
        #expect(try JobArguments.validatePNRs(["0101011234", "0101011234"]) == ["0101011234"])
        #expect(throws: BackfillError.self) { try JobArguments.validateDate("2026-13-01") }
        #expect(try JobArguments.validateDate("2026-01-07") == "2026-01-07")
    }

    @Test func aJobCancelledBeforeItStartsNeverRuns() async throws {
        let replica = try await Replica.make(persons: 20, seed: 131, changes: 0)
        defer { replica.remove() }
        let id = try await replica.enqueue(.reconcile, JobArguments.Reconcile())
        #expect(try await replica.withDatabase { try await JobQueue(database: $0).cancel(id) } == .cancelled)
        try await replica.runWorker(WorkerSettings())
        let job = try await replica.job(id)
        #expect(job.state == .cancelled)
        #expect(job.attempts == 0)
        await #expect(throws: BackfillError.noSuchJob(9999)) {
            try await replica.withDatabase { try await JobQueue(database: $0).cancel(9999) }
        }
    }

    @Test func listShowsOpenJobsInOrder() async throws {
        let replica = try await Replica.make(persons: 20, seed: 132, changes: 0)
        defer { replica.remove() }
        let first = try await replica.enqueue(.reconcile, JobArguments.Reconcile())
        let second = try await replica.enqueue(.purge, JobArguments.Purge())
        let open = try await replica.withDatabase { try await JobQueue(database: $0).list() }
        #expect(open.map(\.id) == [first, second])
        #expect(open.map(\.state) == [.queued, .queued])
    }
}
