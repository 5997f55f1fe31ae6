import NIOCore
import PostgresNIO

/// One `person` row as the query routes need it: the prebuilt documents as bytes, and what
/// access control decides on.
struct PersonRow: Sendable {
    let pnr: String
    /// The GET answer without `updatedAt`/`sourceProductionDate` (JSON, ends with `}`).
    let document: ByteBuffer
    /// Name and address withheld; only for protected persons.
    let redactedDocument: ByteBuffer?
    let municipalityCode: String?
    let isProtected: Bool
    /// `updated_at` as PostgreSQL sends it: microseconds since 2000-01-01 00:00 UTC.
    let updatedAt: Int64
    /// `production_date` as PostgreSQL sends it: days since 2000-01-01.
    let productionDate: Int32

    /// The select list every person query shares, in `init(_:)`'s order. The two dates come
    /// as binary numbers and are formatted here, not by PostgreSQL (to_char per row costs
    /// the database more than the index lookup does). An old number's row has no address:
    /// municipality limits apply to it by where its current person lives.
    static let columns = """
        p.pnr, p.document, p.redacted_document,
        coalesce(p.municipality_code, (SELECT c.municipality_code FROM person c WHERE c.pnr = p.current_pnr)),
        p.name_address_protected, p.updated_at, p.production_date
        """

    typealias Columns = (String, ByteBuffer, ByteBuffer?, String?, Bool, Int64, Int32)

    init(_ columns: Columns) {
        (pnr, document, redactedDocument, municipalityCode, isProtected, updatedAt, productionDate) = columns
    }

    /// Cell by cell: decoding the row as one tuple instantiates generic metadata per row.
    init(row: PostgresRow) throws {
        var cells = row.makeIterator()
        try self.init(cells: &cells)
    }

    init(cells: inout PostgresRow.Iterator) throws {
        func next() throws -> PostgresCell {
            guard let cell = cells.next() else { throw Problem.internalError }
            return cell
        }
        pnr = try next().decode(String.self)
        document = try next().decode(ByteBuffer.self)
        redactedDocument = try next().decode(ByteBuffer?.self)
        municipalityCode = try next().decode(String?.self)
        isProtected = try next().decode(Bool.self)
        updatedAt = try Self.binary(next(), .timestamptz, as: Int64.self)
        productionDate = try Self.binary(next(), .date, as: Int32.self)
    }
}

extension PersonRow {
    /// A binary timestamptz or date cell's raw number.
    static func binary<Number: FixedWidthInteger>(_ cell: PostgresCell, _ type: PostgresDataType, as: Number.Type) throws -> Number {
        guard cell.dataType == type, cell.format == .binary, var bytes = cell.bytes,
              bytes.readableBytes == MemoryLayout<Number>.size, let value = bytes.readInteger(as: Number.self)
        else { throw Problem.internalError }
        return value
    }
}

/// Persons by number, one round trip for many numbers.
struct PersonsByPNR: PostgresPreparedStatement {
    static let name = "cprd_persons_by_pnr"
    static let sql = "SELECT \(PersonRow.columns) FROM person p WHERE p.pnr = ANY($1)"
    typealias Row = PersonRow

    var pnrs: [String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(pnrs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PersonRow { try PersonRow(row: row) }
}

/// Old numbers without a row of their own (stated by record 022 on the current number),
/// resolved to the current person: (old number, current person).
struct PersonsByAlias: PostgresPreparedStatement {
    static let name = "cprd_persons_by_alias"
    static let sql = """
        SELECT a.old_pnr, \(PersonRow.columns)
        FROM pnr_alias a JOIN person p ON p.pnr = a.current_pnr
        WHERE a.old_pnr = ANY($1)
        """
    typealias Row = (String, PersonRow)

    var pnrs: [String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(pnrs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> (String, PersonRow) {
        var cells = row.makeIterator()
        guard let old = try cells.next()?.decode(String.self) else { throw Problem.internalError }
        return (old, try PersonRow(cells: &cells))
    }
}
