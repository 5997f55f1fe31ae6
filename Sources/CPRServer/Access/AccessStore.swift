import CPRStore
import Foundation
import PostgresNIO

/// The systems and agreements in PostgreSQL: what `cprd access` manages and the server reads.
public enum AccessStore {
    /// Registers a system; `fingerprint` is its first client certificate, if any.
    public static func addSystem(name: String, fingerprint: String?, on database: Database) async throws -> UUID {
        let fingerprint = try fingerprint.map { try CertificateFingerprint.normalise($0) }
        return try await explainingDuplicates(name: name) { try await database.client.withTransaction(logger: database.logger) { connection in
            let id = try await connection.query(
                "INSERT INTO user_system (name) VALUES (\(name)) RETURNING id", logger: database.logger
            ).decode(UUID.self).collect().first!
            if let fingerprint {
                try await connection.query(
                    "INSERT INTO user_system_certificate (fingerprint, system_id) VALUES (\(fingerprint), \(id))",
                    logger: database.logger
                )
            }
            return id
        } }
    }

    /// Adds a client certificate to a system (for a rollover, several can be valid at once).
    public static func addCertificate(system: UUID, fingerprint: String, on database: Database) async throws {
        let fingerprint = try CertificateFingerprint.normalise(fingerprint)
        try await requireSystem(system, on: database)
        try await explainingDuplicates {
            try await database.client.query(
                "INSERT INTO user_system_certificate (fingerprint, system_id) VALUES (\(fingerprint), \(system))",
                logger: database.logger
            )
        }
    }

    /// A unique violation as what the operator did wrong, not as PostgreSQL's error.
    @discardableResult
    private static func explainingDuplicates<T>(name: String? = nil, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            guard let violation = uniqueViolation(error) else { throw error }
            if violation.serverInfo?[.tableName] == "user_system_certificate" {
                throw AccessError("that certificate fingerprint is already registered to a user system")
            }
            throw AccessError("a user system named \"\(name ?? "")\" already exists")
        }
    }

    private static func uniqueViolation(_ error: any Error) -> PSQLError? {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" ? error : nil }
        if let error = error as? PostgresTransactionError, let inner = error.closureError { return uniqueViolation(inner) }
        return nil
    }

    public static func addAgreement(
        system: UUID, scopes: Set<Scope>, municipalities: [String]?, name: String = "", on database: Database
    ) async throws -> UUID {
        guard !scopes.isEmpty else { throw AccessError("an agreement needs at least one scope") }
        let codes = try municipalities.map { try $0.map(MunicipalityCode.normalise) }
        if let codes, codes.isEmpty { throw AccessError("--municipalities needs at least one code") }
        try await requireSystem(system, on: database)
        let names = scopes.sorted().map(\.rawValue)
        return try await database.client.query("""
            INSERT INTO service_agreement (system_id, name, scopes, municipalities)
            VALUES (\(system), \(name), \(names), \(codes))
            RETURNING id
            """, logger: database.logger).decode(UUID.self).collect().first!
    }

    /// Revokes the agreement or system with this id; true when one was active.
    public static func revoke(_ id: UUID, on database: Database) async throws -> Bool {
        let agreements = try await database.client.query(
            "UPDATE service_agreement SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING id",
            logger: database.logger
        ).decode(UUID.self).collect()
        if !agreements.isEmpty { return true }
        let systems = try await database.client.query(
            "UPDATE user_system SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING id",
            logger: database.logger
        ).decode(UUID.self).collect()
        return !systems.isEmpty
    }

    public static func systems(on database: Database) async throws -> [UserSystem] {
        let rows = try await database.client.query("""
            SELECT s.id, s.name, coalesce(array_agg(c.fingerprint ORDER BY c.added_at) FILTER (WHERE c.fingerprint IS NOT NULL), '{}'),
                   s.created_at, s.revoked_at
            FROM user_system s LEFT JOIN user_system_certificate c ON c.system_id = s.id
            GROUP BY s.id ORDER BY s.created_at, s.name
            """, logger: database.logger).decode((UUID, String, [String], Date, Date?).self).collect()
        return rows.map { UserSystem(id: $0.0, name: $0.1, fingerprints: $0.2, createdAt: $0.3, revokedAt: $0.4) }
    }

    public static func agreements(on database: Database) async throws -> [ServiceAgreement] {
        let rows = try await database.client.query("""
            SELECT id, system_id, name, scopes, municipalities, created_at, revoked_at
            FROM service_agreement ORDER BY created_at, id
            """, logger: database.logger).decode((UUID, UUID, String, [String], [String]?, Date, Date?).self).collect()
        return rows.map {
            ServiceAgreement(
                id: $0.0, systemID: $0.1, name: $0.2, scopes: Set($0.3.compactMap(Scope.init(rawValue:))),
                municipalities: $0.4.map(Set.init), createdAt: $0.5, revokedAt: $0.6
            )
        }
    }

    private static func requireSystem(_ id: UUID, on database: Database) async throws {
        let found = try await database.client.query(
            "SELECT revoked_at IS NULL FROM user_system WHERE id = \(id)", logger: database.logger
        ).decode(Bool.self).collect().first
        guard let active = found else { throw AccessError("no user system \(id)") }
        guard active else { throw AccessError("user system \(id) is revoked") }
    }
}

public struct AccessError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// CPR municipality codes are four digits ("0851"); "851" is accepted and padded.
enum MunicipalityCode {
    static func normalise(_ text: String) throws(AccessError) -> String {
        let code = text.trimmingCharacters(in: .whitespaces)
        guard (1...4).contains(code.count), code.allSatisfy(\.isASCIIDigit) else {
            throw AccessError("a municipality code is up to four digits, got \"\(text)\"")
        }
        return String(repeating: "0", count: 4 - code.count) + code
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
