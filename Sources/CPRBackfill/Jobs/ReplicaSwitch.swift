import CPRStore
import Logging
import PostgresNIO

/// Makes a finished rebuild copy the live replica in one transaction: lookups see the old
/// tables until the commit and the rebuilt ones after it, never a mixture.
struct ReplicaSwitch: Sendable {
    let copy: ReplicaCopy
    let plan: RebuildPlan
    let archiveDirectory: String
    let upTo: String?
    let jobID: Int64

    enum Outcome: Sendable {
        /// Switched; the summary for the job's result.
        case switched(String)
        /// The live replica applied a file the copy has not: replay more, then try again.
        case behind
    }

    /// Runs inside the caller's transaction; `finish` records the job's checkpoint in it.
    func run(on connection: PostgresConnection, logger: Logger, finish: (PostgresConnection, String) async throws -> Void) async throws -> Outcome {
        let s = copy.schema, live = copy.liveSchema
        func execute(_ sql: String) async throws {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
        try await execute("SET LOCAL lock_timeout = '60s'")
        // The file chain's writer holds this row while it applies a file: wait for it, then
        // no file can be applied until the switch commits.
        try await execute("SELECT 1 FROM \(live).replication_state FOR UPDATE")

        // Files the live replica applied (after the plan's status extract, up to the date)
        // that the copy has not: newer arrivals to replay, or files the archive lacks.
        let base = plan.files[0]
        let planned = Set(plan.files.map(\.shaPrefix))
        let liveFiles = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT file_name, left(sha256, 16), coalesce(production_date::text, '') FROM \(live).ingest_file
            WHERE outcome = 'applied' AND id >= coalesce(
                (SELECT min(id) FROM \(live).ingest_file WHERE outcome = 'applied' AND left(sha256, 16) = '\(base.shaPrefix)'), 0)
              AND (production_date IS NULL OR production_date >= '\(base.productionDate)'::date)
              \(upTo.map { "AND production_date <= '\($0)'::date" } ?? "")
            """), logger: logger).decode((String, String, String).self).collect()
        let unplanned = liveFiles.filter { !planned.contains($0.1) }
        if !unplanned.isEmpty {
            let current = try RebuildPlan(archive: archiveDirectory, upTo: upTo)
            let archived = Set(current.files.map(\.shaPrefix))
            if let lost = unplanned.first(where: { !archived.contains($0.1) }) {
                throw BackfillError.rebuild("the live replica applied \(lost.0) (production \(lost.2)), which the archive lacks; a rebuild from the archive would lose it")
            }
            return .behind
        }

        // Files the live ledger lacks (a rebuild into an empty database) join it, under the
        // ids the copy gave them (one sequence serves both).
        try await execute("""
            INSERT INTO \(live).ingest_file SELECT r.* FROM \(s).ingest_file r
            WHERE r.outcome = 'applied'
              AND NOT EXISTS (SELECT 1 FROM \(live).ingest_file l WHERE l.sha256 = r.sha256 AND l.outcome = 'applied')
            """)
        let fileMap = """
            (SELECT r.id AS copy_id, l.id AS live_id FROM \(s).ingest_file r
             JOIN \(live).ingest_file l ON l.sha256 = r.sha256 AND l.outcome = 'applied' WHERE r.outcome = 'applied')
            """

        try await execute("LOCK TABLE \(live).person, \(live).person_raw, \(live).pnr_alias IN ACCESS EXCLUSIVE MODE")
        let grants = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT table_name::text, grantee::text, privilege_type::text FROM information_schema.role_table_grants
            WHERE table_schema = '\(live)' AND table_name IN ('person_raw', 'person', 'pnr_alias') AND grantee <> current_user
            """), logger: logger).decode((String, String, String).self).collect()
        for table in ReplicaCopy.replicaTables {
            try await execute("DROP TABLE \(live).\(table)")
            try await execute("ALTER TABLE \(s).\(table) SET SCHEMA \(live)")
        }
        for (table, grantee, privilege) in grants {
            try await execute("GRANT \(privilege) ON \(live).\(table) TO \"\(grantee)\"")
        }

        // Events and notices as the replayed files carried them, under the live ledger's ids.
        try await execute("DELETE FROM \(live).person_event")
        try await execute("""
            INSERT INTO \(live).person_event (pnr, file_id, timestampu, event_code, derived_mark, key_constant)
            SELECT e.pnr, m.live_id, e.timestampu, e.event_code, e.derived_mark, e.key_constant
            FROM \(s).person_event e JOIN \(fileMap) m ON m.copy_id = e.file_id
            """)
        try await execute("DELETE FROM \(live).upstream_notice")
        try await execute("""
            INSERT INTO \(live).upstream_notice (file_id, record_type, pnr, record)
            SELECT m.live_id, n.record_type, n.pnr, n.record FROM \(s).upstream_notice n JOIN \(fileMap) m ON m.copy_id = n.file_id
            """)
        if let upTo {
            // Files after the date are no longer in the replica: they may be applied again.
            try await execute("""
                UPDATE \(live).ingest_file SET outcome = 'rolled-back',
                    error = 'rolled back by backfill rebuild job \(jobID) up to production \(upTo)'
                WHERE outcome = 'applied' AND production_date > '\(upTo)'::date
                """)
        }
        let state = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT r.last_production_date::text, m.live_id FROM \(s).replication_state r
            LEFT JOIN \(fileMap) m ON m.copy_id = r.last_file_id
            """), logger: logger).decode((String?, Int64?).self).collect()
        guard let first = state.first, let production = first.0, let fileID = first.1 else {
            throw BackfillError.rebuild("the rebuilt copy holds no applied file")
        }
        try await execute("""
            UPDATE \(live).replication_state SET last_production_date = '\(production)'::date, last_file_id = \(fileID), applied_at = now()
            """)
        // As after a full extract: feed readers re-read everything.
        try await execute("INSERT INTO \(live).person_change (pnr, file_id, production_date) VALUES (NULL, \(fileID), '\(production)'::date)")
        let persons = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(live).person"), logger: logger)
            .decode(Int.self).collect().first ?? 0
        let summary = "rebuilt \(persons) persons from \(plan.files.count) archived files up to production \(production)"
        try await finish(connection, summary)
        return .switched(summary)
    }
}
