import CPRFormat
import CPRStore
import Foundation
import PostgresNIO

/// GET /v1/persons?…: persons by name, birth date and address parts, a page at a time in
/// PNR order. Only current numbers are found (old numbers are found through the person they
/// now belong to), and without the protected scope, protected persons are not found at all:
/// a hit on a name or address would disclose exactly what the protection withholds.
struct PersonSearch: Sendable {
    /// Folded words of `name`; each must begin a word of the person's folded name.
    var nameWords: [String] = []
    var birthDate: String?
    var municipalityCode: String?
    var roadCode: String?
    /// Lower-cased prefix of the road name (compared with `cprd_fold_case`, migration 0008).
    var roadName: String?
    /// Upper-cased, leading zeros dropped ("012a" → "12A").
    var houseNumber: String?
    var floor: String?
    var door: String?
    var postalCode: String?
    var limit = 50
    /// The last PNR of the previous page.
    var after: String?

    static let maximumLimit = 500

    init() {}

    /// The criteria from the query string, or a 400 saying what is wrong.
    init(query: [String: String]) throws(Problem) {
        if let name = query["name"] {
            nameWords = NameFolding.fold(name).split(separator: " ").map(String.init)
            guard nameWords.joined().count >= 2 else { throw .badRequest("name needs at least two letters") }
        }
        if let text = query["birthDate"] {
            guard CalendarDate.parse(text) != nil else { throw .badRequest("birthDate is a date YYYY-MM-DD") }
            birthDate = text
        }
        if let text = query["municipalityCode"] { municipalityCode = try Self.code(text, digits: 4, name: "municipalityCode") }
        if let text = query["roadCode"] { roadCode = try Self.code(text, digits: 4, name: "roadCode") }
        if let text = query["postalCode"] { postalCode = try Self.code(text, digits: 4, name: "postalCode") }
        if let text = query["roadName"] {
            let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
            guard trimmed.count >= 2 else { throw .badRequest("roadName needs at least two letters") }
            roadName = trimmed
        }
        if let text = query["houseNumber"] {
            var value = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
            while value.first == "0" { value = value.dropFirst() }
            guard (1...4).contains(value.count) else { throw .badRequest("houseNumber is a number with an optional letter, e.g. 12A") }
            houseNumber = String(value)
        }
        floor = query["floor"].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        door = query["door"].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let text = query["limit"] {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                throw .badRequest("limit is a whole number from 1 to \(Self.maximumLimit)")
            }
            limit = value
        }
        if let text = query["cursor"] {
            guard let pnr = SearchCursor.decode(text) else { throw .badRequest("cursor is not one this server gave out") }
            after = pnr
        }
        let narrowsOnly = [houseNumber, floor, door].contains { $0 != nil }
        let selects = !nameWords.isEmpty || birthDate != nil || municipalityCode != nil || roadCode != nil
            || roadName != nil || postalCode != nil
        guard selects else {
            throw .badRequest(narrowsOnly
                ? "houseNumber, floor and door narrow a search by road: give roadCode or roadName too"
                : "give at least one of name, birthDate, municipalityCode, roadCode, roadName, postalCode")
        }
    }

    private static func code(_ text: String, digits: Int, name: String) throws(Problem) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (1...digits).contains(trimmed.count), trimmed.allSatisfy(\.isASCIIDigit) else {
            throw .badRequest("\(name) is up to \(digits) digits")
        }
        return String(repeating: "0", count: digits - trimmed.count) + trimmed
    }

    /// One page, and the cursor of the next when there is more.
    func run(for caller: Caller, on database: Database) async throws -> (persons: [PersonRow], next: String?) {
        var sql = "SELECT \(PersonRow.columns) FROM person p WHERE p.current_pnr IS NULL"
        var binds = PostgresBindings()
        func bind(_ value: some PostgresThrowingDynamicTypeEncodable) throws -> String {
            try binds.append(value)
            return "$\(binds.count)"
        }
        for word in nameWords {
            sql += try " AND (' ' || p.search_name) LIKE " + bind("% " + Self.escapeLike(word) + "%")
        }
        if let birthDate { sql += try " AND p.birth_date = " + bind(birthDate) }
        if let municipalityCode { sql += try " AND p.municipality_code = " + bind(municipalityCode) }
        if let roadCode { sql += try " AND p.road_code = " + bind(roadCode) }
        if let roadName { sql += try " AND cprd_fold_case(p.road_name) LIKE " + bind(Self.escapeLike(roadName) + "%") }
        if let houseNumber { sql += try " AND upper(ltrim(p.house_number, '0')) = " + bind(houseNumber) }
        if let floor { sql += try " AND lower(p.floor) = " + bind(floor) }
        if let door { sql += try " AND lower(p.door) = " + bind(door) }
        if let postalCode { sql += try " AND p.postal_code = " + bind(postalCode) }
        if !caller.seesProtected { sql += " AND NOT p.name_address_protected" }
        if let limits = caller.agreement.municipalities {
            sql += try " AND p.municipality_code = ANY(" + bind(limits.sorted()) + ")"
        }
        if let after { sql += try " AND p.pnr > " + bind(after) }
        sql += " ORDER BY p.pnr LIMIT \(limit + 1)"

        var rows: [PersonRow] = []
        for try await row in try await database.client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: database.logger) {
            rows.append(try PersonRow(row: row))
        }
        guard rows.count > limit else { return (rows, nil) }
        rows.removeLast()
        return (rows, SearchCursor.encode(rows.last!.pnr))
    }

    /// LIKE treats `%`, `_` and `\` specially; a search text means them literally.
    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

/// The paging cursor: opaque to clients (base64url of the last PNR of the page).
enum SearchCursor {
    static func encode(_ pnr: String) -> String {
        Data(("p" + pnr).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> String? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
              plain.hasPrefix("p"), PNRText.isValid(plain.dropFirst())
        else { return nil }
        return String(plain.dropFirst())
    }
}
