/// Folds one person's records, in file order, into a `PersonSnapshot`. Record types that
/// do not shape the current state (history, notes, events) are accepted and ignored here;
/// they are kept verbatim by the replica.
public struct PersonSnapshotBuilder: Sendable {
    public private(set) var snapshot: PersonSnapshot
    /// Number of 001 records seen: a person must have exactly one.
    public private(set) var personInformationCount = 0
    private var clearWritten: PersonSnapshot.Address?

    public init(pnr: PNR) {
        snapshot = PersonSnapshot(pnr: pnr)
    }

    public mutating func add(_ record: Record) {
        switch record.type.code {
        case 1: addPersonInformation(record)
        case 2: addCurrentAddress(record)
        case 3: addClearWrittenAddress(record)
        case 4: snapshot.protectionTypes.append(record.text(F.r004.type))
        case 5: addDeparture(record)
        case 7: snapshot.disappearedAt = record.dateTime(F.r007.date)?.date.iso
        case 8: addName(record)
        case 10:
            snapshot.citizenship = .init(
                countryCode: record.text(F.r010.country), since: record.dateTime(F.r010.since)?.date.iso
            )
        case 12: addCivilStatus(record)
        case 14: if let child = record.pnr(F.r014.child) { snapshot.children.append(child) }
        case 15:
            snapshot.mother = record.pnr(F.r015.mother)
            snapshot.father = record.pnr(F.r015.father)
        case 22:
            if let old = record.pnr(F.r022.old) { snapshot.aliases.append((old, snapshot.pnr)) }
        default: break
        }
    }

    /// The snapshot with the clear-written address folded into the coded one.
    public func finish() -> PersonSnapshot {
        var result = snapshot
        if var address = result.address, let clearWritten {
            address.roadName = address.roadName.isEmpty ? clearWritten.roadName : address.roadName
            address.postalCode = clearWritten.postalCode
            address.postalDistrict = clearWritten.postalDistrict
            address.locality = clearWritten.locality
            if address.coName.isEmpty { address.coName = clearWritten.coName }
            result.address = address
        }
        return result
    }

    private mutating func addPersonInformation(_ record: Record) {
        personInformationCount += 1
        let current = record.pnr(F.r001.current)
        snapshot.currentPNR = current == snapshot.pnr ? nil : current
        if let current, current != snapshot.pnr { snapshot.aliases.append((snapshot.pnr, current)) }
        snapshot.status = record.text(F.r001.status)
        snapshot.statusDate = record.dateTime(F.r001.statusStart)?.date.iso
        snapshot.sex = record.text(F.r001.sex)
        snapshot.birthDate = record.date(F.r001.birthDate)?.iso
        snapshot.occupation = record.text(F.r001.occupation)
    }

    private mutating func addCurrentAddress(_ record: Record) {
        var address = snapshot.address ?? .init()
        address.municipalityCode = record.text(F.r002.municipality)
        address.roadCode = record.text(F.r002.road)
        address.houseNumber = record.text(F.r002.houseNumber)
        address.floor = record.text(F.r002.floor)
        address.door = record.text(F.r002.door)
        address.coName = record.text(F.r002.coName)
        address.movedIn = record.dateTime(F.r002.movedIn)?.date.iso
        if record.layout.length > 306, let roadName = F.r002.extendedRoadName {
            address.roadName = record.text(roadName)
        }
        snapshot.address = address
    }

    private mutating func addClearWrittenAddress(_ record: Record) {
        var address = PersonSnapshot.Address()
        address.coName = record.text(F.r003.coName)
        address.locality = record.text(F.r003.locality)
        address.roadName = record.text(F.r003.roadAddressingName)
        address.postalCode = record.isBlank(F.r003.postalCode) || record.text(F.r003.postalCode) == "0000" ? "" : record.text(F.r003.postalCode)
        address.postalDistrict = record.text(F.r003.postalDistrict)
        clearWritten = address
        if snapshot.name.addressing.isEmpty { snapshot.name.addressing = record.text(F.r003.addressingName) }
    }

    private mutating func addDeparture(_ record: Record) {
        var emigration = PersonSnapshot.Emigration()
        emigration.countryCode = record.text(F.r005.country)
        emigration.date = record.dateTime(F.r005.date)?.date.iso
        emigration.lines = F.r005.lines.map { record.text($0) }.filter { !$0.isEmpty }
        snapshot.emigration = emigration
    }

    private mutating func addName(_ record: Record) {
        snapshot.name.first = record.text(F.r008.first)
        snapshot.name.middle = record.text(F.r008.middle)
        snapshot.name.last = record.text(F.r008.last)
        let addressing = record.text(F.r008.addressing)
        if !addressing.isEmpty { snapshot.name.addressing = addressing }
    }

    private mutating func addCivilStatus(_ record: Record) {
        snapshot.civilStatus = .init(
            code: record.text(F.r012.code),
            spouse: record.pnr(F.r012.spouse),
            since: record.dateTime(F.r012.since)?.date.iso
        )
    }
}

/// Field indices resolved once from the layout table, for the hot path.
enum F {
    static func index(_ code: Int, _ name: String) -> Int {
        RecordLayouts.layout(for: RecordType(code: code)!)!.index(of: name)!
    }

    enum r001 {
        static let current = index(1, "PNRGAELD"), status = index(1, "STATUS"), statusStart = index(1, "STATUSHAENSTART")
        static let sex = index(1, "KOEN"), birthDate = index(1, "FOED_DT"), occupation = index(1, "STILLING")
    }
    enum r002 {
        static let municipality = index(2, "KOMKOD"), road = index(2, "VEJKOD"), houseNumber = index(2, "HUSNR")
        static let floor = index(2, "ETAGE"), door = index(2, "SIDEDOER"), coName = index(2, "CONVN")
        static let movedIn = index(2, "TILFLYDTO")
        static let extendedRoadName = RecordLayouts.currentAddressExtended.index(of: "VEJNVN")
    }
    enum r003 {
        static let addressingName = index(3, "ADRNVN"), coName = index(3, "CONVN"), locality = index(3, "LOKALITET")
        static let postalCode = index(3, "POSTNR"), postalDistrict = index(3, "POSTDISTTXT")
        static let roadAddressingName = index(3, "VEJADRNVN")
    }
    enum r004 { static let type = index(4, "BESKYTTYPE") }
    enum r005 {
        static let country = index(5, "UDR_LANDEKOD"), date = index(5, "UDRDTO")
        static let lines = (1...5).map { index(5, "UDLANDADR\($0)") }
    }
    enum r007 { static let date = index(7, "FORSVINDDTO") }
    enum r008 {
        static let first = index(8, "FORNVN"), middle = index(8, "MELNVN"), last = index(8, "EFTERNVN")
        static let addressing = index(8, "ADRNVN")
    }
    enum r010 { static let country = index(10, "LANDEKOD"), since = index(10, "HAENSTART-STATSBORGERSKAB") }
    enum r012 {
        static let code = index(12, "CIVST"), spouse = index(12, "AEGTEPNR"), since = index(12, "HAENSTART-CIVILSTAND")
    }
    enum r014 { static let child = RecordLayouts.layout(for: RecordType(code: 14)!)!.fields.lastIndex { $0.kind == .pnr }! }
    enum r015 { static let mother = index(15, "PNRMOR"), father = index(15, "PNRFAR") }
    enum r022 { static let old = RecordLayouts.layout(for: RecordType(code: 22)!)!.fields.lastIndex { $0.kind == .pnr }! }
}
