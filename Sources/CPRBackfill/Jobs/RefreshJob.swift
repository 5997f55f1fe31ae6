import CPRFormat
import CPRIngest
import Foundation
import Logging
import PostgresNIO

/// Fetches the chosen persons from the single-person source and applies them like change-file
/// entries, a batch at a time: each batch's records commit together with the checkpoint that
/// moves past them, so a resumed job fetches at most one batch again.
struct RefreshJob: BackfillJob {
    struct Checkpoint: Codable {
        var next = 0
        var refreshed = 0
        var unknown = 0
        var refused = 0
    }

    /// Persons per applied batch, and requests in flight at once.
    static let batch = 32
    static let parallel = 6

    func run(_ context: JobContext) async throws -> String {
        let pnrs = try JobArguments.validatePNRs(try context.arguments(JobArguments.Refresh.self).pnrs)
        guard let endpoint = context.settings.personSource else {
            throw BackfillError.notConfigured(key: "person_source_url", purpose: "to refresh persons from the single-person source")
        }
        let source = PersonSource(endpoint: endpoint)
        let replacement = PersonReplacement(database: context.database, stagingSuffix: "_refresh_\(context.job.id)")
        var checkpoint = try context.checkpoint(Checkpoint.self) ?? Checkpoint()
        try await context.progress(done: checkpoint.next, total: pnrs.count)
        while checkpoint.next < pnrs.count {
            try await context.checkCancelled()
            let chosen = Array(pnrs[checkpoint.next..<min(pnrs.count, checkpoint.next + Self.batch)])
            let answers = try await Self.fetch(chosen, from: source)
            var after = checkpoint
            after.next += chosen.count
            var records: [Record] = []
            for (pnr, answer) in zip(chosen, answers) {
                let metadata: Logger.Metadata = ["job": "\(context.job.id)", "person": "\(context.settings.logKey.tag(pnr))"]
                switch answer {
                case .records(let found):
                    after.refreshed += 1
                    records += found
                    context.logger.info("refreshed a person", metadata: metadata.merging(["records": "\(found.count)"]) { $1 })
                case .unknown:
                    after.unknown += 1
                    context.logger.notice("the person source does not know a person", metadata: metadata)
                case .refused(let reason):
                    after.refused += 1
                    context.logger.warning("the person source refused a person", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
                }
            }
            let recorded = after
            if records.isEmpty {
                try await context.record(checkpoint: recorded, done: recorded.next, total: pnrs.count)
            } else {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-refresh-\(context.job.id)-\(UUID().uuidString).cpr").path
                defer { try? FileManager.default.removeItem(atPath: path) }
                try Self.writePrivately(PersonSource.file(of: records), to: path)
                _ = try await replacement.apply(path, displayName: "refresh job \(context.job.id)") { connection in
                    try await context.record(checkpoint: recorded, done: recorded.next, total: pnrs.count, on: connection)
                }
            }
            checkpoint = after
        }
        return "refreshed \(checkpoint.refreshed) of \(pnrs.count) persons; \(checkpoint.unknown) unknown upstream, \(checkpoint.refused) refused"
    }

    /// Person data in a shared folder: created readable by this user only (FileManager
    /// writes with the umask's mode and changes it only afterwards), never through a link.
    static func writePrivately(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try file.write(contentsOf: bytes)
        try file.close()
    }

    /// The answers for `pnrs`, in their order, with a few requests in flight.
    static func fetch(_ pnrs: [String], from source: PersonSource) async throws -> [PersonSource.Answer] {
        try await withThrowingTaskGroup(of: (Int, PersonSource.Answer).self) { group in
            var answers = [PersonSource.Answer?](repeating: nil, count: pnrs.count)
            var next = 0
            func start() {
                let index = next
                let pnr = PNR(pnrs[index])!
                group.addTask { (index, try await source.fetch(pnr)) }
                next += 1
            }
            while next < min(parallel, pnrs.count) { start() }
            while let (index, answer) = try await group.next() {
                answers[index] = answer
                if next < pnrs.count { start() }
            }
            return answers.map { $0! }
        }
    }
}
