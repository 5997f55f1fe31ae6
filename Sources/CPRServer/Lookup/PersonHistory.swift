import CPRFormat

/// A person's history from the records as delivered (person_raw): earlier addresses (023),
/// names (026), citizenships (027) and civil statuses (029). Records marked annulled (`A`)
/// or corrected (`K`, `Æ`: superseded by a correction) are not history the person had, and
/// are left out.
struct PersonHistory {
    struct Address {
        var municipalityCode, roadCode, houseNumber, floor, door, coName: String
        var from, to: CPRDate?
        let record: Record
    }

    struct Name {
        var first, middle, last: String
        var from, to: CPRDate?
    }

    struct Citizenship {
        var countryCode: String
        var from, to: CPRDate?
        let record: Record
    }

    struct CivilStatus {
        var code: String
        var spouse: PNR?
        var from, to: CPRDate?
        let record: Record
    }

    private(set) var records: [Record] = []
    private(set) var addresses: [Address] = []
    private(set) var names: [Name] = []
    private(set) var citizenships: [Citizenship] = []
    private(set) var civilStatuses: [CivilStatus] = []
    /// NVNHAENSTART of the current name (008).
    private(set) var currentNameSince: CPRDate?

    /// `stored` is person_raw.records: UTF-8 lines, one record each.
    init(stored: String) {
        for line in stored.split(separator: "\n", omittingEmptySubsequences: true) {
            // Every stored character is Latin-1, so each scalar is one byte of the record.
            let bytes = line.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
            guard let record = try? Record(parsing: bytes) else { continue }
            records.append(record)
            add(record)
        }
        addresses.sort { Self.order($0.from, $0.to) < Self.order($1.from, $1.to) }
        names.sort { Self.order($0.from, $0.to) < Self.order($1.from, $1.to) }
        citizenships.sort { Self.order($0.from, $0.to) < Self.order($1.from, $1.to) }
        civilStatuses.sort { Self.order($0.from, $0.to) < Self.order($1.from, $1.to) }
    }

    /// Oldest first; an unknown start sorts first, an open end last.
    private static func order(_ from: CPRDate?, _ to: CPRDate?) -> (Int, Int) {
        (from.map(number) ?? -1, to.map(number) ?? Int.max)
    }

    static func number(_ date: CPRDate) -> Int { date.year * 10_000 + date.month * 100 + date.day }

    private mutating func add(_ record: Record) {
        if let mark = record.annkor("ANNKOR"), mark != .valid { return }
        switch record.type.code {
        case 8:
            currentNameSince = record.dateTime("NVNHAENSTART")?.date
        case 23:
            addresses.append(Address(
                municipalityCode: record.code("KOMKOD") ?? "", roadCode: record.code("VEJKOD") ?? "",
                houseNumber: record.text("HUSNR") ?? "", floor: record.text("ETAGE") ?? "",
                door: record.text("SIDEDOER") ?? "", coName: record.text("CONVN") ?? "",
                from: record.dateTime("TILFLYDTO")?.date, to: record.dateTime("FRAFLYDTO")?.date, record: record
            ))
        case 26:
            names.append(Name(
                first: record.text("FORNVN") ?? "", middle: record.text("MELNVN") ?? "", last: record.text("EFTERNVN") ?? "",
                from: record.dateTime("NVNHAENSTART")?.date, to: record.dateTime("NVNHAENSLUT")?.date
            ))
        case 27:
            citizenships.append(Citizenship(
                countryCode: record.code("LANDEKOD") ?? "",
                from: record.dateTime("HAENSTART-STATSBORGERSKAB")?.date, to: record.dateTime("HAENSLUT-STATSBORGERSKAB")?.date,
                record: record
            ))
        case 29:
            civilStatuses.append(CivilStatus(
                code: record.text("CIVST") ?? "", spouse: record.pnr("AEGTEPNR"),
                from: record.dateTime("HAENSTART-CIVILSTAND")?.date, to: record.dateTime("HAENSLUT-CIVILSTAND")?.date,
                record: record
            ))
        default:
            break
        }
    }

    /// The `"history":{…}` member; names and addresses are null when withheld.
    func writeMember(into json: inout JSONWriter, withholdNameAndAddress: Bool) {
        json.key("history")
        json.beginObject()
        json.key("addresses")
        if withholdNameAndAddress {
            json.null()
        } else {
            json.beginArray()
            for address in addresses {
                json.beginObject()
                json.key("municipalityCode"); json.string(address.municipalityCode)
                json.key("roadCode"); json.string(address.roadCode)
                json.key("houseNumber"); json.string(address.houseNumber)
                json.key("floor"); json.string(address.floor)
                json.key("door"); json.string(address.door)
                json.key("coName"); json.string(address.coName)
                json.key("from"); json.string(address.from?.iso8601)
                json.key("to"); json.string(address.to?.iso8601)
                json.endObject()
            }
            json.endArray()
        }
        json.key("names")
        if withholdNameAndAddress {
            json.null()
        } else {
            json.beginArray()
            for name in names {
                json.beginObject()
                json.key("first"); json.string(name.first)
                json.key("middle"); json.string(name.middle)
                json.key("last"); json.string(name.last)
                json.key("from"); json.string(name.from?.iso8601)
                json.key("to"); json.string(name.to?.iso8601)
                json.endObject()
            }
            json.endArray()
        }
        json.key("citizenships")
        json.beginArray()
        for citizenship in citizenships {
            json.beginObject()
            json.key("countryCode"); json.string(citizenship.countryCode)
            json.key("from"); json.string(citizenship.from?.iso8601)
            json.key("to"); json.string(citizenship.to?.iso8601)
            json.endObject()
        }
        json.endArray()
        json.key("civilStatuses")
        json.beginArray()
        for status in civilStatuses {
            json.beginObject()
            json.key("code"); json.string(status.code)
            json.key("spousePnr"); json.string(status.spouse?.digits)
            json.key("from"); json.string(status.from?.iso8601)
            json.key("to"); json.string(status.to?.iso8601)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
