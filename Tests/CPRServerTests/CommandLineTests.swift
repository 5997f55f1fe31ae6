import CPRServer
import CPRStore
import CPRTestSupport
import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func accessManagesSystemsAndAgreements() async throws {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        let database = ["--database-url", CPRDBinary.urlText(url)]
        let fingerprint = "sha256 Fingerprint=" + (0..<32).map { String(format: "%02X", $0) }.joined(separator: ":")
        let system = try await CPRDBinary.run(["access", "add-system", "Sagssystem A"] + database + ["--cert-fingerprint", fingerprint])
        #expect(system.status == 0, "\(system.errors)")
        let systemID = try #require(UUID(uuidString: system.output.trimmingCharacters(in: .whitespacesAndNewlines)))

        let agreement = try await CPRDBinary.run(
            ["access", "add-agreement", "--system", systemID.uuidString, "--scopes", "lookup,search", "--municipalities", "851,0101"] + database
        )
        #expect(agreement.status == 0, "\(agreement.errors)")
        let agreementID = try #require(UUID(uuidString: agreement.output.trimmingCharacters(in: .whitespacesAndNewlines)))

        let badScope = try await CPRDBinary.run(["access", "add-agreement", "--system", systemID.uuidString, "--scopes", "lookup,everything"] + database)
        #expect(badScope.status != 0)
        #expect(badScope.errors.contains("everything"))

        let list = try await CPRDBinary.run(["access", "list"] + database)
        #expect(list.output.contains(systemID.uuidString.lowercased()))
        #expect(list.output.contains("scopes=lookup,search municipalities=0101,0851"))
        #expect(list.output.contains("certificate sha256:000102030405"))

        #expect(try await CPRDBinary.run(["access", "revoke", agreementID.uuidString] + database).status == 0)
        let again = try await CPRDBinary.run(["access", "revoke", agreementID.uuidString] + database)
        #expect(again.status != 0)
        let json = try await CPRDBinary.run(["access", "list", "--json"] + database)
        #expect(json.output.contains("\"revokedAt\""))
    }

    @Test func usageReportsFromTheAuditLog() async throws {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        try await Database.run(url, maximumConnections: 1, logger: Population.logger) { db async throws in
            try await db.client.query(
                "CREATE TABLE audit_log_2000 PARTITION OF audit_log FOR VALUES FROM ('2000-01-01') TO ('2001-01-01')",
                logger: Population.logger
            )
            try await db.client.query("""
                INSERT INTO audit_log (at, agreement, system, method, route, status, outcome, pnrs, latency_us)
                VALUES (now(), 'a-1', 's-1', 'GET', '/v1/persons/{pnr}', 200, 'allowed', '{0101010101}', 900),
                       (now(), 'a-1', 's-1', 'GET', '/v1/persons/{pnr}', 403, 'denied', '{}', 100),
                       ('2000-06-01', 'a-1', 's-1', 'GET', '/v1/persons/{pnr}', 200, 'allowed', '{}', 100)
                """, logger: Population.logger)
        }
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let usage = try await CPRDBinary.run(["usage", "--from", today, "--database-url", CPRDBinary.urlText(url)])
        #expect(usage.status == 0, "\(usage.errors)")
        #expect(usage.output.contains("2\t1\t1\t0\t0\t0\t1\ta-1\ts-1"), "\(usage.output)")
        #expect(usage.output.contains("total 2 calls"))
    }

    @Test func serveRefusesPlainHTTPBeyondLoopbackAndTLSWithoutCertificates() async throws {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        let open = try await CPRDBinary.run(["serve", "--insecure-http", "--listen", "0.0.0.0:0", "--database-url", CPRDBinary.urlText(url)])
        #expect(open.status != 0)
        #expect(open.errors.contains("loopback"))
        let bare = try await CPRDBinary.run(["serve", "--listen", "127.0.0.1:0", "--database-url", CPRDBinary.urlText(url)])
        #expect(bare.status != 0)
        #expect(bare.errors.contains("tls_certificate"))
    }
}
