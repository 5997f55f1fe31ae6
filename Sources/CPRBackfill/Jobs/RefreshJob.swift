import CPRFormat
import CPRIngest
import Foundation
import PostgresNIO

/// Fetches the chosen persons from the single-person source and applies each like a change-file
/// entry. Each person's records commit together with the checkpoint that moves past them.
struct RefreshJob: BackfillJob {
    struct Checkpoint: Codable {
        var next = 0
        var refreshed = 0
        var unknown = 0
        var refused = 0
    }

    func run(_ context: JobContext) async throws -> String {
        let pnrs = try context.arguments(JobArguments.Refresh.self).pnrs
        guard let endpoint = context.settings.personSource else {
            throw BackfillError.notConfigured(key: "person_source_url", purpose: "to refresh persons from the single-person source")
        }
        let source = PersonSource(endpoint: endpoint)
        let replacement = PersonReplacement(database: context.database, stagingSuffix: "_refresh_\(context.job.id)")
        var checkpoint = try context.checkpoint(Checkpoint.self) ?? Checkpoint()
        try await context.progress(done: checkpoint.next, total: pnrs.count)
        while checkpoint.next < pnrs.count {
            try await context.checkCancelled()
            let pnr = PNR(pnrs[checkpoint.next])!
            let tag = context.settings.logKey.tag(pnr.digits)
            var after = checkpoint
            after.next += 1
            switch try await source.fetch(pnr) {
            case .records(let records):
                after.refreshed += 1
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-refresh-\(context.job.id)-\(UUID().uuidString).cpr").path
                try Data(PersonSource.file(of: records)).write(to: URL(fileURLWithPath: path))
                defer { try? FileManager.default.removeItem(atPath: path) }
                let recorded = after
                _ = try await replacement.apply(path, displayName: "refresh job \(context.job.id)") { connection in
                    try await context.record(checkpoint: recorded, done: recorded.next, total: pnrs.count, on: connection)
                }
                context.logger.info("refreshed a person", metadata: ["job": "\(context.job.id)", "person": "\(tag)", "records": "\(records.count)"])
            case .unknown:
                after.unknown += 1
                try await context.record(checkpoint: after, done: after.next, total: pnrs.count)
                context.logger.notice("the person source does not know a person", metadata: ["job": "\(context.job.id)", "person": "\(tag)"])
            case .refused(let reason):
                after.refused += 1
                try await context.record(checkpoint: after, done: after.next, total: pnrs.count)
                context.logger.warning("the person source refused a person", metadata: ["job": "\(context.job.id)", "person": "\(tag)", "reason": "\(reason)"])
            }
            checkpoint = after
        }
        return "refreshed \(checkpoint.refreshed) of \(pnrs.count) persons; \(checkpoint.unknown) unknown upstream, \(checkpoint.refused) refused"
    }
}
