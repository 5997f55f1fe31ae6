import ArgumentParser
import CPRBackfill
import CPRStore
import Foundation
import Logging
import ServiceLifecycle

struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Operator jobs run by a worker from a job table: rebuild, refresh, reconcile, purge.",
        discussion: """
            `enqueue` puts a job in the table; `cprd backfill worker` (the cprd-backfill systemd \
            unit) runs it. A job records its progress as it goes: after a crash or a stop the \
            next worker resumes it from there. A failed step is retried (backfill_retry_seconds, \
            doubling) up to the job's attempts; then the job fails with its error recorded.
            """,
        subcommands: [
            BackfillWorkerCommand.self, BackfillEnqueueCommand.self, BackfillListCommand.self,
            BackfillShowCommand.self, BackfillCancelCommand.self,
        ]
    )
}

struct BackfillWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run backfill jobs from the job table until stopped (SIGTERM leaves the job in hand to resume).",
        discussion: """
            Waits until the schema is migrated, then claims jobs one at a time. Several workers \
            may run against one database; a job runs on one of them at a time. Reads archive_dir \
            (rebuild), person_source_url (refresh) and service_tls_certificate, service_tls_key, \
            service_tls_ca for the upstream's client certificate.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Run the jobs that are runnable now, then exit.")
    var once = false

    @Option(help: "Archive folder the rebuild replays (CPRD_ARCHIVE_DIR).")
    var archiveDir: String?

    func run() async throws {
        let (configuration, logger) = try global.start("cprd.backfill", extra: ["archive_dir": archiveDir])
        let url = try global.databaseURL(from: configuration)
        let settings = try WorkerSettings(configuration)
        let once = self.once
        try await Database.run(url, maximumConnections: 8, logger: logger, failWhenUnreachableFor: once ? .seconds(20) : nil) { database in
            let worker = BackfillWorker(database: database, settings: settings, logger: logger, once: once)
            let group = ServiceGroup(configuration: .init(
                services: [.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            ))
            try await group.run()
        }
    }
}

struct BackfillEnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Put a job in the table and print its id.",
        subcommands: [EnqueueRebuild.self, EnqueueRefresh.self, EnqueueReconcile.self, EnqueuePurge.self]
    )

    struct EnqueueRebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild",
            abstract: "Replay the archive (status extract and every change file after it) into a fresh copy and switch to it at once.",
            discussion: """
                Lookups keep answering from the live replica until the switch, which is one \
                transaction. With --up-to the replica ends at that production date; the files \
                after it are marked rolled-back in the ledger and may be applied again.
                """
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Last production date to replay (YYYY-MM-DD).")
        var upTo: String?
        @Option(help: "Attempts before the job fails for good.")
        var attempts = 5

        func run() async throws {
            let arguments = JobArguments.Rebuild(upTo: try upTo.map { date throws(BackfillError) in try JobArguments.validateDate(date) })
            try await enqueue(.rebuild, arguments, attempts: attempts, global: global)
        }
    }

    struct EnqueueRefresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "refresh",
            abstract: "Fetch persons from the single-person source (person_source_url) and apply each like a change-file entry."
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Attempts before the job fails for good.")
        var attempts = 5
        @Argument(help: "PNRs, 10 digits each.")
        var pnrs: [String]

        func run() async throws {
            let arguments = JobArguments.Refresh(pnrs: try JobArguments.validatePNRs(pnrs))
            try await enqueue(.refresh, arguments, attempts: attempts, global: global)
        }
    }

    struct EnqueueReconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reconcile",
            abstract: "Report subscribed persons missing from the replica and persons held out of scope.",
            discussion: "With --fix, also enqueue a refresh of the missing persons and a dry-run purge."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Enqueue the jobs that fix what the report finds.")
        var fix = false

        func run() async throws {
            try await enqueue(.reconcile, JobArguments.Reconcile(fix: fix), attempts: 5, global: global)
        }
    }

    struct EnqueuePurge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge",
            abstract: "Remove persons out of scope: not subscribed and not living in a subscribed municipality.",
            discussion: """
                Without --execute it is a dry run that only counts them; read its result first. \
                --execute needs --expect with the count the dry run reported: the purge is refused \
                when more persons than that are out of scope when it starts.
                """
        )
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Remove them (after a dry run; needs --expect).")
        var execute = false
        @Option(help: ArgumentHelp("The count the dry run reported.", valueName: "N"))
        var expect: Int?

        func validate() throws {
            if execute, expect == nil {
                throw ValidationError("--execute needs --expect N, the count of a dry run (`cprd backfill enqueue purge`, then `backfill show ID`)")
            }
            if let expect, expect < 0 { throw ValidationError("--expect is a count, 0 or more") }
            if !execute, expect != nil { throw ValidationError("--expect goes with --execute") }
        }

        func run() async throws {
            try await enqueue(.purge, JobArguments.Purge(execute: execute, expect: expect), attempts: 5, global: global)
        }
    }
}

/// Stores the job and prints its id.
private func enqueue(_ kind: JobKind, _ arguments: some Encodable & Sendable, attempts: Int, global: GlobalOptions) async throws {
    guard (1...100).contains(attempts) else { throw ValidationError("--attempts must be between 1 and 100") }
    let id = try await withBackfillDatabase(global, label: "cprd.backfill") { database in
        try await JobQueue(database: database).enqueue(kind, arguments: arguments, maxAttempts: attempts)
    }
    print("enqueued \(kind.rawValue) job \(id)")
}

/// A short-lived pool for an operator command, after checking the schema is current.
func withBackfillDatabase<T: Sendable>(
    _ global: GlobalOptions, label: String, _ body: @escaping @Sendable (Database) async throws -> T
) async throws -> T {
    let (configuration, logger) = try global.start(label)
    let url = try global.databaseURL(from: configuration)
    return try await Database.run(url, maximumConnections: 2, logger: logger, onUnreachable: exitWhenDatabaseUnreachable) { database in
        guard try await Migrator().isCurrent(database) else {
            throw CommandFailure(description: "the database schema is not current; run `cprd migrate` first")
        }
        return try await body(database)
    }
}
