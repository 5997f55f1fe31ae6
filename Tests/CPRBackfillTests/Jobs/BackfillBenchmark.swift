@testable import CPRBackfill
import CPRIngest
import CPRStore
import Foundation
import Testing

/// Figures, not checks of speed: run with CPRD_BACKFILL_BENCHMARK=1 (persons from
/// CPRD_BACKFILL_BENCHMARK_PERSONS, default 50000). Prints the rebuild against the live
/// ingest of the same files on the same machine, and the worker's refresh and job rates.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CPRD_BACKFILL_BENCHMARK"] == "1"))
struct BackfillBenchmark {
    @Test func rebuildAgainstLiveIngestAndWorkerRates() async throws {
        let persons = Int(ProcessInfo.processInfo.environment["CPRD_BACKFILL_BENCHMARK_PERSONS"] ?? "") ?? 50_000
        let replica = try await Replica.make(persons: persons, seed: 141, changes: 5, apply: 0)
        defer { replica.remove() }
        let started = Date()
        try await replica.ingest(replica.files)
        let ingest = Date().timeIntervalSince(started)
        let clean = try await replica.digest()
        let id = try await replica.enqueue(.rebuild, JobArguments.Rebuild())
        let rebuildStart = Date()
        try await replica.runWorker(RebuildTests.settings(replica))
        let rebuild = Date().timeIntervalSince(rebuildStart)
        #expect(try await replica.job(id).state == .succeeded)
        #expect(try await replica.digest() == clean)

        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        // Persons whose status-extract records are still current (no change file touched them).
        var changed = Set<String>()
        for file in replica.files.dropFirst() { changed.formUnion(try Replica.persons(in: file)) }
        let pnrs = Array(try Replica.persons(in: replica.files[0]).filter { !changed.contains($0) }.prefix(300))
        let text = try String(contentsOfFile: replica.files[0].path, encoding: .isoLatin1)
        var lines: [String: [String]] = [:]
        let wanted = Set(pnrs)
        for line in text.split(separator: "\n") where line.count >= 13 {
            let pnr = String(line.dropFirst(3).prefix(10))
            if wanted.contains(pnr), !line.hasPrefix("099") { lines[pnr, default: []].append(String(line)) }
        }
        for pnr in pnrs { server.setPerson(pnr, .records(latin1(lines[pnr]!.joined(separator: "\n")))) }
        let refresh = try await replica.enqueue(.refresh, JobArguments.Refresh(pnrs: pnrs))
        let refreshStart = Date()
        try await replica.runWorker(server.workerSettings(certificates))
        let refreshSeconds = Date().timeIntervalSince(refreshStart)
        #expect(try await replica.job(refresh).state == .succeeded)

        for _ in 0..<200 { _ = try await replica.enqueue(.reconcile, JobArguments.Reconcile()) }
        let jobsStart = Date()
        try await replica.runWorker(WorkerSettings())
        let jobsSeconds = Date().timeIntervalSince(jobsStart)

        print(String(format: """
            backfill benchmark: %d persons, 1 status extract + 5 change files
              live ingest (Ingestor, archive):   %.1f s
              rebuild job (copy + switch):       %.1f s  (%.2f× the live ingest)
              refresh over HTTPS (300 persons):  %.1f s  (%.0f persons/s)
              200 reconcile jobs (whole replica each): %.1f s  (%.1f jobs/s)
            """, persons, ingest, rebuild, rebuild / ingest, refreshSeconds, 300 / refreshSeconds, jobsSeconds, 200 / jobsSeconds))
    }
}
