import CPRGenerator
import CPRIngest
@testable import CPRStore
import CPRTestSupport
import Foundation
import Logging
import PostgresNIO
import Synchronization
import Testing

/// A stopping sync daemon announces rounds of cancels (`StatementCancellation`). A cancel
/// reaches only a running statement, so an ingest that began before a round also leaves
/// at its next step, with `Stopped`, and changes nothing. A round announced before an
/// ingest began does not concern it.
@Suite struct StopRoundTests {
    /// The round comes while the file is archived: no statement runs then, and the loaded
    /// file must still not be applied.
    @Test func aRoundAnnouncedBetweenStepsEndsTheIngestAndAnEarlierRoundDoesNot() async throws {
        let folder = try Shell.temporaryFolder("cprd-stop-round")
        defer { Shell.removeTemporary(folder) }
        let files = try IngestOrderTests.generate(GeneratorOptions(persons: 300, seed: 11, changes: 1), in: folder)
        let extract = files[0]
        let trigger = StepTrigger()
        var logger = Logger(label: "cprd.test.stop-round") { _ in trigger }
        logger.logLevel = .debug
        let url = try await TestPostgres.freshDatabase(migrated: true)
        try await Database.run(url, maximumConnections: 8, logger: logger) { database in
            let ingestor = Ingestor(database: database, archive: Archive(directory: folder + "/archive"))
            let empty = try await ReplicaDigest.compute(database)
            trigger.arm(on: "ingest: archiving", database.cancellation)
            await #expect(throws: StatementCancellation.Stopped.self) {
                try await ingestor.ingest(extract.path, kind: .full)
            }
            #expect(trigger.fired, "the ingest logged its archiving step")
            #expect(try await ReplicaDigest.compute(database) == empty)
            #expect(try await IngestOrderTests.outcomes(extract, database).allSatisfy { $0 != "applied" })
            #expect(try await IngestOrderTests.persons(database) == 0)

            // Rounds announced before the ingest began (the one above, and this) do not stop it.
            database.cancellation.announce()
            #expect(try await ingestor.ingest(extract.path, kind: .full).outcome == .applied)
            #expect(try await IngestOrderTests.persons(database) == 300)
        }
    }
}

/// A log handler that announces a cancel round once, when a given message is logged.
private final class StepTrigger: LogHandler, Sendable {
    private struct State {
        var message: String?
        var cancellation: StatementCancellation?
        var fired = false
    }

    private let state = Mutex(State())

    func arm(on message: String, _ cancellation: StatementCancellation) {
        state.withLock { $0 = State(message: message, cancellation: cancellation) }
    }

    var fired: Bool { state.withLock { $0.fired } }

    func log(event: LogEvent) {
        let text = "\(event.message)"
        let cancellation: StatementCancellation? = state.withLock { state in
            guard !state.fired, text == state.message else { return nil }
            state.fired = true
            return state.cancellation
        }
        cancellation?.announce()
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .debug }
        set {}
    }
}
