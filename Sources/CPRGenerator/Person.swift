import CPRFormat

/// Everything CPR holds about one CPR number, as the generator models it. The
/// records of a person (`PersonRecords`) are a pure function of this value, so a
/// status extract and a change file write the same bytes for the same state.
struct Person: Sendable, Equatable {
    /// Internal identity: the population index for base persons, then counting on for
    /// persons created by events. A PNR change keeps the id; the old number becomes a new id.
    let id: Int
    /// Persons generated together (a household or family) share a group; relations
    /// never cross groups in the base population.
    var group: Int

    var pnr: PNR
    /// PNRGAELD: the number that replaced this one (status 50 and 60).
    var replacedBy: PNR?
    var status: Status
    var statusDate: Day?
    var sex: Sex
    var birthDate: Day
    var birthDateUncertain = false
    /// START_DT-PERSON / SLUT_DT-PERSON: when this number was valid.
    var numberValidFrom: Day
    var numberValidTo: Day?
    /// STILLING.
    var occupation = ""

    var name: Name
    var address: Address?
    var contactAddress: ContactAddress?
    var protections: [Protection] = []
    var emigration: Emigration?
    var disappeared: Day?
    /// 009: authority code (parish, or country code when born abroad).
    var birthAuthority: String
    var citizenship: Int
    var citizenshipSince: Day
    /// FKIRK: "F" member of Folkekirken, "U" not.
    var church: String
    var churchSince: Day
    var civil: CivilStatus
    /// 013: the start of a current separation; its date-time is also the SEP_HENVIS key in 012.
    var separation: Day?
    var children: [PNR] = []
    var mother: Parent
    var father: Parent
    var custody: [Custody] = []
    var guardian: Guardian?
    var history = History()

    func age(on day: Day) -> Int { birthDate.years(until: day) }

    /// Inactive statuses (30 and above) have no 002 and only ADRNVN in 003 (spec §6.1).
    var hasCurrentAddress: Bool { status.rawValue < 30 }
}

/// Record 001 STATUS (spec §6.1), the subset the generator produces.
enum Status: Int, Sendable, CaseIterable {
    case active = 1
    case activeSpecialRoad = 3
    case annulled = 30
    case duplicateDeleted = 50
    case numberChanged = 60
    case disappeared = 70
    case emigrated = 80
    case dead = 90

    var isActive: Bool { self == .active || self == .activeSpecialRoad }
}

struct Name: Sendable, Equatable {
    var first: String
    var middle: String
    var last: String
    /// NVNHAENSTART.
    var since: Day

    var addressing: String { Names.addressing(first: first, middle: middle, last: last) }
}

/// 004: BESKYTTYPE 1 name and address, 2 local directory, 3 marketing.
struct Protection: Sendable, Equatable {
    var type: Int
    var start: Day
}

/// 006: where to write to a person without a usable address.
struct ContactAddress: Sendable, Equatable {
    var lines: [String]
    var start: Day
}

struct Emigration: Sendable, Equatable {
    var country: Int
    var date: Day
    /// UDLANDADR1–5.
    var lines: [String]
}

/// 012: CIVST with the spouse by PNR, or by name and birth date when the spouse has
/// no Danish number.
struct CivilStatus: Sendable, Equatable {
    /// U ugift, G gift, F fraskilt, E enke(mand), D død (spec §6.2).
    var code: String
    var spouse: PNR?
    var spouseName = ""
    var spouseBirth: Day?
    var since: Day?

    static func unmarried() -> CivilStatus { CivilStatus(code: "U", spouse: nil) }
    var isMarried: Bool { code == "G" || code == "P" }
}

/// 015: a parent by PNR, by name and birth date, or unknown.
enum Parent: Sendable, Equatable {
    case unknown
    case pnr(PNR)
    case named(String, Day)

    var pnr: PNR? {
        if case .pnr(let p) = self { return p }
        return nil
    }
}

/// 016: who holds custody over this (minor) person. 3 mother, 4 father.
struct Custody: Sendable, Equatable {
    var type: Int
    var start: Day
}

/// 017: a guardian identified by PNR (UMYN_RELTYP 0001).
struct Guardian: Sendable, Equatable {
    var start: Day
    var pnr: PNR
}

/// Historical records 022–029. ANNKOR: " " valid, "A" annulled, "K" corrected.
struct History: Sendable, Equatable {
    struct FormerNumber: Sendable, Equatable { var pnr: PNR; var from: Day; var to: Day }
    struct PastAddress: Sendable, Equatable {
        var annkor = " "
        var municipality: Int, roadCode: Int, houseNumber: String, floor: String, door: String, coName: String
        var movedIn: Day, movedOut: Day
    }
    struct Stay: Sendable, Equatable {
        var annkor = " "
        var departedTo: Int, departed: Day?, arrivedFrom: Int, arrived: Day
        var lines: [String]
    }
    struct Disappearance: Sendable, Equatable { var annkor = " "; var from: Day; var found: Day }
    struct PastName: Sendable, Equatable {
        var annkor = " "
        var first: String, middle: String, last: String, from: Day, to: Day
    }
    struct PastCitizenship: Sendable, Equatable { var annkor = " "; var country: Int; var from: Day; var to: Day }
    struct PastChurch: Sendable, Equatable { var code: String; var from: Day; var to: Day }
    struct PastSeparation: Sendable, Equatable { var annkor = " "; var from: Day; var to: Day }
    struct PastCivilStatus: Sendable, Equatable {
        var annkor = " "
        var code: String, spouse: PNR?, from: Day?, to: Day
    }

    var numbers: [FormerNumber] = []  // 022
    var addresses: [PastAddress] = []  // 023
    var stays: [Stay] = []  // 024
    var disappearances: [Disappearance] = []  // 025
    var names: [PastName] = []  // 026
    var citizenships: [PastCitizenship] = []  // 027
    var church: [PastChurch] = []  // 028
    var civil: [PastCivilStatus] = []  // 029
    var separations: [PastSeparation] = []  // 030
}

extension Person {
    /// Moves the current address into history (023) as left on `day`.
    mutating func closeAddress(on day: Day) {
        guard let a = address else { return }
        history.addresses.append(.init(
            municipality: a.municipality, roadCode: a.roadCode, houseNumber: a.houseNumber, floor: a.floor,
            door: a.door, coName: a.coName, movedIn: a.movedIn, movedOut: day))
        address = nil
    }

    /// Moves the current civil status into history (029) as ended on `day`; a current
    /// separation ends with it (030).
    mutating func closeCivilStatus(on day: Day) {
        history.civil.append(.init(code: civil.code, spouse: civil.spouse, from: civil.since ?? birthDate, to: day))
        if let start = separation {
            history.separations.append(.init(from: start, to: day))
            separation = nil
        }
    }

    /// Moves the current name into history (026) as ended on `day`.
    mutating func closeName(on day: Day) {
        history.names.append(.init(first: name.first, middle: name.middle, last: name.last, from: name.since, to: day))
    }

    /// Every relation that names `old`, renamed to `new` (after a PNR change).
    mutating func renumberRelations(from old: PNR, to new: PNR) {
        if civil.spouse == old { civil.spouse = new }
        children = children.map { $0 == old ? new : $0 }
        if mother.pnr == old { mother = .pnr(new) }
        if father.pnr == old { father = .pnr(new) }
        if guardian?.pnr == old { guardian?.pnr = new }
    }

    /// PNRs this person's current records point at.
    var relatedPNRs: [PNR] {
        var result: [PNR] = []
        if let s = civil.spouse { result.append(s) }
        result += children
        if let m = mother.pnr { result.append(m) }
        if let f = father.pnr { result.append(f) }
        if let g = guardian?.pnr { result.append(g) }
        return result
    }
}
