import CPRIngest
import CPRStore
import Foundation
import Glibc

/// `cprd ingest --force` while `cprd sync` holds the writer lock: puts each file in the
/// daemon's inbox (unless it is there already), records the request for exactly its bytes,
/// and waits for the ledger's verdict. The daemon applies it when its queue stands at it.
struct ForcedHandover {
    let inbox: String?
    let wait: Duration

    /// Returns how many files were rejected (or not applied in time).
    func force(_ files: [String], database: Database) async throws -> Int {
        guard let inbox else {
            throw CommandFailure(description: """
                ingest: cprd sync holds the writer lock; set inbox_dir (CPRD_INBOX_DIR) to its inbox so the \
                forced file can be handed to it, or stop the daemon first
                """)
        }
        var failures = 0
        for file in files {
            let name = (file as NSString).lastPathComponent
            let fingerprint = try FileFingerprint(path: file)
            let since = try await ForcedFile.newestLedgerID(database)
            try place(file, name: name, in: inbox)
            try await ForcedFile.request(fingerprint, name: name, database)
            print("\(name): handed to cprd sync, which holds the writer lock; waiting for it to apply the file with --force")
            guard let verdict = try await verdict(fingerprint.sha256, since: since, database) else {
                printError("\(name): not applied within \(wait.components.seconds) s; the request stays, and cprd sync applies it when its queue reaches the file")
                failures += 1
                continue
            }
            if verdict.outcome == "applied" {
                print("\(name): applied by cprd sync (forced)")
            } else {
                printError("rejected: \(verdict.error ?? name)")
                failures += 1
            }
        }
        return failures
    }

    private func verdict(_ sha256: String, since: Int64, _ database: Database) async throws -> (outcome: String, error: String?)? {
        let deadline = ContinuousClock.now + wait
        repeat {
            if let verdict = try await ForcedFile.verdict(sha256: sha256, since: since, database) { return verdict }
            try await Task.sleep(for: .milliseconds(250))
        } while ContinuousClock.now < deadline
        return nil
    }

    /// Copies `file` into the inbox under a hidden name and renames it in, unless it is there.
    private func place(_ file: String, name: String, in inbox: String) throws {
        let target = "\(inbox)/\(name)"
        let source = URL(fileURLWithPath: file).standardizedFileURL.path
        if source == URL(fileURLWithPath: target).standardizedFileURL.path { return }
        if FileManager.default.fileExists(atPath: target) {
            guard try FileFingerprint(path: target) == FileFingerprint(path: file) else {
                throw CommandFailure(description: "ingest: \(target) exists with other content than \(file)")
            }
            return
        }
        let temporary = "\(inbox)/.\(name).part"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.copyItem(atPath: file, toPath: temporary)
        guard rename(temporary, target) == 0 else {
            throw CommandFailure(description: "ingest: cannot move \(name) into \(inbox): \(String(cString: strerror(errno)))")
        }
    }
}
