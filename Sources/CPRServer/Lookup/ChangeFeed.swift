import CPRFormat
import CPRStore
import PostgresNIO

/// GET /v1/changes: which persons changed, in the order files were applied. The cursor is
/// the position of the last change seen; an entry without a PNR means a full extract
/// replaced the replica, and a client that mirrors persons should re-read all of them.
struct ChangeFeed: Sendable {
    struct Change: Sendable {
        let seq: Int64
        let pnr: String?
        let productionDate: String
    }

    var after: Int64 = 0
    var limit = 1000

    static let maximumLimit = 10_000

    init(query: [String: String]) throws(Problem) {
        if let since = query["since"] {
            guard let value = Int64(since), value >= 0 else {
                throw .badRequest("since is a cursor this server gave out (a whole number); omit it to start from the beginning")
            }
            after = value
        }
        if let text = query["limit"] {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                throw .badRequest("limit is a whole number from 1 to \(Self.maximumLimit)")
            }
            limit = value
        }
    }

    /// The next changes. A municipality-limited agreement sees a change when the person
    /// lived in one of its municipalities before or after it, so that it also learns of
    /// persons who moved away, died or were purged. Rows from before the feed recorded
    /// municipalities (NULL) go by where the person lives now. Full-reload entries are never
    /// left out.
    func read(for caller: Caller, on database: Database) async throws -> [Change] {
        var binds = PostgresBindings()
        binds.append(after)
        var sql = "SELECT c.seq, c.pnr, c.production_date::text FROM person_change c"
        if let limits = caller.agreement.municipalities {
            binds.append(limits.sorted())
            sql += " LEFT JOIN person p ON p.pnr = c.pnr AND c.municipalities IS NULL"
            sql += " WHERE c.seq > $1 AND (c.pnr IS NULL OR c.municipalities && $2 OR p.municipality_code = ANY($2))"
        } else {
            sql += " WHERE c.seq > $1"
        }
        sql += " ORDER BY c.seq LIMIT \(limit)"
        var changes: [Change] = []
        for try await (seq, pnr, date) in try await database.client.query(
            PostgresQuery(unsafeSQL: sql, binds: binds), logger: database.logger
        ).decode((Int64, String?, String).self) {
            changes.append(Change(seq: seq, pnr: pnr, productionDate: date))
        }
        return changes
    }

    /// `{"changes":[…],"next":"…"}`; `next` stays `since` when nothing new arrived.
    func encode(_ changes: [Change]) -> [UInt8] {
        var json = JSONWriter(capacity: 64 + changes.count * 64)
        json.beginObject()
        json.key("changes")
        json.beginArray()
        for change in changes {
            json.beginObject()
            json.key("pnr"); json.string(change.pnr)
            json.key("productionDate"); json.string(change.productionDate)
            json.key("fullReload"); json.bool(change.pnr == nil)
            json.endObject()
        }
        json.endArray()
        json.key("next"); json.string(String(changes.last?.seq ?? after))
        json.endObject()
        return json.bytes
    }
}
