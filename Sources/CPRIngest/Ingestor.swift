import CPRFormat
import CPRStore
import Foundation
import Logging
import PostgresNIO

/// Validates and applies one CPR file to the replica: the one code path that `cprd ingest`,
/// the sync daemon and rebuilds share. A file is applied completely or not at all; the
/// caller holds the writer lock.
public struct Ingestor: Sendable {
    public let database: Database
    public let archive: Archive?
    public var progress: (@Sendable (_ bytesRead: Int, _ totalBytes: Int) -> Void)?

    public init(database: Database, archive: Archive?) {
        self.database = database
        self.archive = archive
    }

    public func ingest(_ path: String, kind: IngestKind, force: Bool = false) async throws -> IngestSummary {
        let logger = database.logger
        let displayName = (path as NSString).lastPathComponent
        let started = Date()
        // A stop announced from here on ends the ingest at its next step (`StatementCancellation`).
        let round = database.cancellation.round
        let fingerprint = try FileFingerprint(path: path)
        var entry = Ledger.Entry(fileName: displayName, fingerprint: fingerprint, kind: kind, startedAt: started)

        do {
            let header = try Self.readHeader(path: path, displayName: displayName)
            entry.taskNumber = String(header.opgavenr)
            entry.productionDate = header.proddto.iso
            entry.previousProductionDate = header.proddtoForrig?.iso
            // A file of the wrong kind is refused even when its bytes were applied before.
            try Self.requireKind(kind, header: header, displayName: displayName)
            // Refuse early, before any work; the order is checked again under lock when applying.
            let state = try await database.client.withConnection { connection in
                try await Ledger.state(connection, forUpdate: false, logger: logger)
            }
            if let appliedID = try await Ledger.appliedBefore(sha256: fingerprint.sha256, database.client, logger: logger) {
                // These bytes are in the replica's applied set (a rollback takes files out of it,
                // see `Ledger.record`): a no-op. Only a status extract given with --force is applied
                // again, when the replica has moved on from it (to go back to it on purpose); the
                // order rule below then asks for the --force it was given.
                guard kind == .full, force, state.lastFileID != appliedID else {
                    return IngestSummary(
                        file: displayName, kind: kind, outcome: .alreadyApplied,
                        productionDate: header.proddto.iso, previousProductionDate: header.proddtoForrig?.iso,
                        persons: 0, records: 0, bytes: fingerprint.bytes, seconds: Date().timeIntervalSince(started),
                        forced: false, sha256: fingerprint.sha256, fileID: nil
                    )
                }
                logger.notice("applying a status extract again, as forced: the replica has moved on from it", metadata: [
                    "file": "\(displayName)", "production": "\(header.proddto.iso)", "earlier_file_id": "\(appliedID)",
                ])
            }
            let checkOrder = Self.orderRule(kind: kind, header: header, displayName: displayName, force: force)
            entry.forced = try checkOrder(state)

            let tables = StagingTables(kind: kind)
            for statement in tables.createStatements {
                try database.cancellation.check(startedIn: round)
                try await database.client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            let rows = RunRows(productionDate: header.proddto.iso, updatedAt: Self.timestamp(started))
            let total = fingerprint.bytes
            let progress = self.progress
            var perBytes: (@Sendable (Int) -> Void)?
            if let progress { perBytes = { bytes in progress(bytes, total) } }
            try database.cancellation.check(startedIn: round)
            logger.debug("ingest: loading", metadata: ["file": "\(displayName)"])
            let loaded = try await FileLoader(
                path: path, displayName: displayName, tables: tables, rows: rows, database: database, progress: perBytes, round: round
            ).load()
            try database.cancellation.check(startedIn: round)
            logger.debug("ingest: merging", metadata: ["file": "\(displayName)"])
            let merged = try await RunMerger(tables: tables, rows: rows, database: database, displayName: displayName, round: round).merge()
            try await Self.requireOnePersonPerPNR(tables: tables, database: database, displayName: displayName)
            let persons = try await Self.count(tables.person, database)
            if merged > 0 {
                logger.info("joined persons whose records were apart in the file", metadata: ["file": "\(displayName)", "persons": "\(merged)"])
            }
            entry.records = loaded.records
            entry.persons = persons
            try database.cancellation.check(startedIn: round)
            logger.debug("ingest: archiving", metadata: ["file": "\(displayName)"])
            entry.archivePath = try archive?.store(path, productionDate: header.proddto.iso, kind: kind, sha256: fingerprint.sha256)

            // Never start applying a file whose load was interrupted.
            try Task.checkCancellation()
            try database.cancellation.check(startedIn: round)
            logger.debug("ingest: applying", metadata: ["file": "\(displayName)"])
            let writer = ReplicaWriter(tables: tables, database: database, round: round)
            let applyCheck: ReplicaWriter.OrderCheck = { state in _ = try checkOrder(state) }
            let fileID = kind == .full
                ? try await writer.replaceReplica(entry: entry, checkOrder: applyCheck)
                : try await writer.applyChange(entry: entry, checkOrder: applyCheck)
            try await database.client.query(PostgresQuery(unsafeSQL: tables.dropStatement), logger: logger)
            progress?(total, total)
            let summary = IngestSummary(
                file: displayName, kind: kind, outcome: .applied,
                productionDate: header.proddto.iso, previousProductionDate: header.proddtoForrig?.iso,
                persons: persons, records: loaded.records, bytes: fingerprint.bytes,
                seconds: Date().timeIntervalSince(started), forced: entry.forced,
                sha256: fingerprint.sha256, fileID: fileID
            )
            logger.info("applied file", metadata: [
                "file": "\(displayName)", "kind": "\(kind.rawValue)", "production": "\(summary.productionDate)",
                "persons": "\(persons)", "records": "\(loaded.records)", "seconds": "\(String(format: "%.2f", summary.seconds))",
                "forced": "\(entry.forced)",
            ])
            return summary
        } catch let error as CPRFormatError {
            try await reject(entry, IngestError.format(error))
        } catch let error as IngestError {
            try await reject(entry, error)
        } catch let error as PSQLError where Self.isUniqueViolationOnLedger(error) {
            // A concurrent writer applied the same file first.
            return IngestSummary(
                file: displayName, kind: kind, outcome: .alreadyApplied, productionDate: entry.productionDate ?? "?",
                previousProductionDate: entry.previousProductionDate, persons: 0, records: 0, bytes: fingerprint.bytes,
                seconds: Date().timeIntervalSince(started), forced: false, sha256: fingerprint.sha256, fileID: nil
            )
        }
    }

    private func reject(_ entry: Ledger.Entry, _ error: IngestError) async throws -> Never {
        // Staging leftovers would be dropped by the next run anyway; tidy up now.
        _ = try? await database.client.query(PostgresQuery(unsafeSQL: StagingTables(kind: entry.kind).dropStatement), logger: database.logger)
        var entry = entry
        entry.error = error.description
        await Ledger.recordRejection(entry, database.client, logger: database.logger)
        database.logger.error("rejected file", metadata: ["file": "\(entry.fileName)", "reason": "\(error.reason)", "error": "\(error.description)"])
        throw error
    }

    /// The 000 record alone, to check order before reading the whole file.
    static func readHeader(path: String, displayName: String) throws -> FileHeader {
        var reader = try RecordReader(path: path, name: displayName)
        _ = try reader.next()
        guard let header = reader.header else {
            throw IngestError.content(file: displayName, record: 1, offset: 0, problem: "expected a 000 start record")
        }
        return header
    }

    /// The kind of a file is read from its 000 record (spec cpr-record-format §2.4, §7.1): a
    /// status extract starts a chain, so its PRODDTOFORRIG is `00000000` (the reader gives nil);
    /// a change extract names the production it follows there. The generator writes files so
    /// and the sync daemon's inbox sorts files by the same rule. A file offered as the other
    /// kind is refused, with or without --force: a change file applied as a full extract would
    /// replace the replica with a few persons, a status extract applied as a change file would
    /// keep persons it no longer holds.
    static func requireKind(_ kind: IngestKind, header: FileHeader, displayName: String) throws(IngestError) {
        switch (kind, header.proddtoForrig) {
        case (.full, let previous?):
            throw IngestError.wrongKind(file: displayName, problem: """
                not a status extract: its 000 record gives PRODDTOFORRIG \(previous.iso) (the production it follows), \
                as a change extract does, where a status extract has 00000000; ingest it without --full
                """)
        case (.change, nil):
            throw IngestError.wrongKind(file: displayName, problem: """
                not a change extract: its 000 record gives PRODDTOFORRIG 00000000 (it follows no file), \
                as a status extract does; ingest it with --full
                """)
        default:
            return
        }
    }

    /// The order rule; returns whether the file is accepted only because of `force`.
    ///
    /// - A status extract may replace the replica when it is not older than the replica's last
    ///   applied production. The same date is allowed: the replica does not go back, and the
    ///   next change file (PRODDTOFORRIG = that date) still follows; the same bytes again are a
    ///   no-op before this rule is asked. An older one rolls the replica back: only with
    ///   --force (the files after it then leave the applied set and can be ingested again).
    /// - A change file must be newer than the replica's last production, with or without
    ///   --force: applying an older one would move the replica's date back and turn the next
    ///   genuine file into a gap. --force accepts a gap only (PRODDTOFORRIG is not the last
    ///   applied production, i.e. a file is missing), or a change file on an empty replica.
    static func orderRule(kind: IngestKind, header: FileHeader, displayName: String, force: Bool) -> @Sendable (Ledger.State) throws -> Bool {
        let production = header.proddto.iso
        let previous = header.proddtoForrig?.iso
        return { state in
            switch kind {
            case .full:
                guard let last = state.lastProductionDate, production < last else { return false }
                if force { return true }
                throw IngestError.outOfOrder(file: displayName, problem: """
                    status extract of production \(production) is older than the replica's last applied production \(last); \
                    it would roll the replica back (use --force to do so: the files after \(production) are then rolled back \
                    and can be ingested again)
                    """)
            case .change:
                guard let last = state.lastProductionDate else {
                    if force { return true }
                    throw IngestError.outOfOrder(file: displayName, problem: "the replica is empty: apply a status extract (ingest --full) before change files, or use --force")
                }
                if production <= last {
                    throw IngestError.outOfOrder(file: displayName, problem: """
                        change file of production \(production) is not after the replica's last applied production \(last); \
                        a change file that is not newer than the replica is never applied, not even with --force (which accepts only a gap: a missing file before it)
                        """)
                }
                if previous != last {
                    if force { return true }
                    throw IngestError.gap(file: displayName, previous: previous ?? "none", lastApplied: last)
                }
                return false
            }
        }
    }

    /// Every PNR with records must have its 001, once.
    static func requireOnePersonPerPNR(tables: StagingTables, database: Database, displayName: String) async throws {
        let missing = try await database.client.query(PostgresQuery(unsafeSQL: """
            SELECT r.run_start, r.run_offset FROM \(tables.raw) r
            WHERE NOT EXISTS (SELECT 1 FROM \(tables.person) p WHERE p.pnr = r.pnr)
            ORDER BY r.run_start LIMIT 1
            """), logger: database.logger).decode((Int, Int).self).collect()
        if let (record, offset) = missing.first {
            throw IngestError.content(file: displayName, record: record, offset: offset, problem: "a person's records have no 001 record (every person in a file needs exactly one)")
        }
    }

    static func count(_ table: String, _ database: Database) async throws -> Int {
        try await database.client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger: database.logger)
            .decode(Int.self).collect().first ?? 0
    }

    static func isUniqueViolationOnLedger(_ error: PSQLError) -> Bool {
        error.serverInfo?[.sqlState] == "23505" && (error.serverInfo?[.constraintName] ?? "") == "ingest_file_applied_once"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
