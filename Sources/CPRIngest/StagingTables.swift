/// The tables a file is loaded into before it touches the replica. A full extract loads
/// into logged `_load` copies of the replica tables that are renamed into place; a change
/// file loads into unlogged `_stage` tables that one transaction then applies.
struct StagingTables: Sendable {
    let raw: String
    let person: String
    let alias: String
    let event: String
    let notice: String

    /// Whether the load tables become the replica's tables (full) or are applied from (change).
    let replacesReplica: Bool

    /// `suffix` names tables of another loader (a refresh) that may run beside the file chain's.
    init(kind: IngestKind, suffix: String? = nil) {
        let suffix = suffix ?? (kind == .full ? "_load" : "_stage")
        raw = "person_raw" + suffix
        person = "person" + suffix
        alias = "pnr_alias" + suffix
        event = "person_event" + suffix
        notice = "upstream_notice" + suffix
        replacesReplica = kind == .full
    }

    var all: [String] { [raw, person, alias, event, notice] }

    static let rawColumns = ["pnr", "records", "run_start", "run_offset"]
    static let personColumns = [
        "pnr", "current_pnr", "status", "sex", "birth_date", "first_name", "middle_name", "last_name",
        "search_name", "municipality_code", "road_code", "road_name", "house_number", "floor", "door",
        "postal_code", "name_address_protected", "document", "redacted_document", "production_date", "updated_at",
    ]
    static let aliasColumns = ["old_pnr", "current_pnr", "source_pnr"]
    static let eventColumns = ["pnr", "timestampu", "event_code", "derived_mark", "key_constant"]
    static let noticeColumns = ["record_type", "pnr", "record"]

    /// Drops leftovers of an interrupted run and creates empty tables without indexes:
    /// indexes are built once after the load, which is much faster than maintaining them.
    var createStatements: [String] {
        let logged = replacesReplica ? "" : "UNLOGGED "
        return [
            "DROP TABLE IF EXISTS \(all.joined(separator: ", "))",
            "CREATE \(logged)TABLE \(raw) (LIKE person_raw INCLUDING DEFAULTS INCLUDING CONSTRAINTS, run_start bigint NOT NULL, run_offset bigint NOT NULL)",
            "CREATE \(logged)TABLE \(person) (LIKE person INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
            "CREATE \(logged)TABLE \(alias) (LIKE pnr_alias INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
            "CREATE UNLOGGED TABLE \(event) (pnr text NOT NULL, timestampu text NOT NULL, event_code text NOT NULL, derived_mark text NOT NULL, key_constant text NOT NULL)",
            "CREATE UNLOGGED TABLE \(notice) (record_type text NOT NULL, pnr text NOT NULL, record text NOT NULL)",
        ]
    }

    var dropStatement: String { "DROP TABLE IF EXISTS \(all.joined(separator: ", "))" }
}
