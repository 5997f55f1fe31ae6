import CPRStore
import PostgresNIO

/// Where persons without a current address (dead, emigrated, disappeared) lived last: the
/// latest valid earlier address (023). CPR's own services show a dead person's latest
/// address, and a municipality's agreement must see its residents who died or left, not
/// a 404 that reads like a wrong number.
enum LastMunicipality {
    /// By the numbers asked; an old number's row answers by its current person's records.
    static func of(_ pnrs: [String], in database: Database) async throws -> [String: String] {
        guard !pnrs.isEmpty else { return [:] }
        let rows = try await database.client.query("""
            SELECT p.pnr, r.records FROM person p JOIN person_raw r ON r.pnr = coalesce(p.current_pnr, p.pnr)
            WHERE p.pnr = ANY(\(pnrs))
            """, logger: database.logger)
        var found: [String: String] = [:]
        for try await (pnr, records) in rows.decode((String, String).self) {
            if let code = PersonHistory(stored: records).lastMunicipalityCode { found[pnr] = code }
        }
        return found
    }
}

extension PersonHistory {
    /// The municipality of the latest earlier address, if it names one.
    var lastMunicipalityCode: String? {
        addresses.last { !$0.municipalityCode.isEmpty && $0.municipalityCode != "0000" }?.municipalityCode
    }
}
