import ArgumentParser
import CPRIngest
import CPRRuntime
import CPRStore
import Foundation
import Logging

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Validate and apply CPR files to the replica, in the order given.",
        discussion: """
            Each file is a unit: applied completely or not at all. The 000 record tells the kind: \
            a status extract has PRODDTOFORRIG 00000000, a change extract the production it follows; \
            a file of the other kind is refused. Without --full a file is a change extract: it must \
            be newer than the replica's last applied production (never forced), and its PRODDTOFORRIG \
            must equal that date; --force accepts a gap (recorded in the ledger). With --full a \
            status extract replaces the replica; lookups keep answering from the old data until it \
            is complete. One older than the replica is refused unless --force is given; then the \
            files after it are rolled back and can be ingested again. A file the replica holds \
            (same SHA-256 applied, not rolled back) is a no-op, except a status extract with --force \
            that the replica has moved on from, which is applied again. Exit 0 when every file was \
            applied or already applied. Applied files are copied to the archive folder (archive_dir).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "The files are status (full) extracts that replace the replica.")
    var full = false

    @Flag(help: """
        Accept a gap: apply a newer change file that does not follow the last applied production date. \
        With --full: apply (or apply again) a status extract older than the replica, rolling back the files after it. \
        Never applies a change file older than the replica.
        """)
    var force = false

    @Option(help: "Archive folder for applied files (CPRD_ARCHIVE_DIR); no archive copy when unset.")
    var archiveDir: String?

    @Option(help: "With --force while cprd sync holds the writer lock: seconds to wait for the daemon to apply the files.")
    var waitSeconds: Int = 300

    @Argument(help: "CPR files to apply, in order.")
    var files: [String]

    func run() async throws {
        let (configuration, logger) = try global.start("cprd.ingest", extra: ["archive_dir": archiveDir])
        let url = try global.databaseURL(from: configuration)
        let archive = configuration.string("archive_dir").map(Archive.init(directory:))
        let files = self.files, kind: IngestKind = full ? .full : .change, force = self.force
        let inbox = configuration.string("inbox_dir"), wait = Duration.seconds(waitSeconds)
        let failures = try await Database.run(url, maximumConnections: 8, logger: logger, onUnreachable: exitWhenDatabaseUnreachable) { database in
            do {
                return try await Self.ingest(files, kind: kind, force: force, archive: archive, database: database)
            } catch IngestError.writerBusy {
                // `cprd sync` holds the writer lock: a forced change file is handed to it.
                guard force && kind == .change else { throw CommandFailure(description: "ingest: \(IngestError.writerBusy)") }
                return try await ForcedHandover(inbox: inbox, wait: wait).force(files, database: database)
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// Applies the files in order under the writer lock; returns how many were rejected.
    static func ingest(_ files: [String], kind: IngestKind, force: Bool, archive: Archive?, database: Database) async throws -> Int {
        guard try await Migrator().isCurrent(database) else {
            throw CommandFailure(description: "ingest: the database schema is not current; run `cprd migrate` first")
        }
        let outcome: Int? = try await WriterLock.withLock(database, wait: false) {
            var failures = 0
            var ingestor = Ingestor(database: database, archive: archive)
            let bar = ProgressBar.forTerminal()
            for file in files {
                let label = (file as NSString).lastPathComponent
                if let bar {
                    ingestor.progress = { done, total in bar.update(label: label, done: done, total: total) }
                }
                do {
                    let summary = try await ingestor.ingest(file, kind: kind, force: force)
                    bar?.clear()
                    print(Self.line(for: summary))
                } catch let error as IngestError {
                    bar?.clear()
                    printError("rejected: \(error)")
                    failures += 1
                }
            }
            return failures
        }
        guard let outcome else { throw IngestError.writerBusy }
        return outcome
    }

    /// The summary line; a status extract is forced only when it is older than the replica,
    /// which `IngestSummary` words as for a change file forced past a gap.
    static func line(for summary: IngestSummary) -> String {
        guard summary.kind == .full, summary.forced, summary.outcome == .applied else { return summary.description }
        return summary.description.replacingOccurrences(
            of: ", forced past a gap",
            with: ", forced: older than the replica, which was rolled back to it (the files after it can be ingested again)"
        )
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
