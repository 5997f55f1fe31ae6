import CPRFormat

/// What can happen to persons between two production dates, with the HAENDELSE code
/// each writes to 099 (spec §6.5).
enum EventKind: Int, CaseIterable, Sendable {
    case move, nameChange, nameCorrection, marriage, divorce, death, birth, emigration, returnHome
    case disappearance, reappearance, protectionAdded, protectionRemoved, protectionExpired, numberChange, annulment
    case duplicate, immigration, church, guardianship

    /// HAENDELSE of the main person's 099. Birth has no code in the known list; A14
    /// (navngivelse) stands in.
    var code: String {
        switch self {
        case .move: "A01"
        case .nameChange: "A13"
        case .nameCorrection: "A16"
        case .marriage, .divorce: "A24"
        case .death: "A21"
        case .birth: "A14"
        case .emigration: "A06"
        case .returnHome: "A04"
        case .disappearance: "A02"
        case .reappearance: "A03"
        case .protectionAdded, .protectionRemoved: "A33"
        case .protectionExpired: "P11"
        case .numberChange: "P03"
        case .annulment: "A40"
        case .duplicate: "P02"
        case .immigration: "P31"
        case .church: "A34"
        case .guardianship: "A73"
        }
    }

    /// How often the kind occurs in each cycle of events: every kind occurs at least
    /// once per cycle, so moderate populations already show all of them.
    var perCycle: Int {
        switch self {
        case .move: 5
        case .birth, .death: 2
        default: 1
        }
    }

    var needsTarget: Bool { self != .immigration }

    /// Candidate blocks searched for a target: more for kinds whose targets are rare.
    var candidateBlocks: Int {
        switch self {
        case .returnHome, .reappearance, .protectionRemoved, .guardianship: 40
        case .protectionExpired: 80
        default: 8
        }
    }

    /// Whether `p` can be this event's (main) person on `day`; `relative` finds related
    /// persons by PNR. Checked when planning (on the base state) and again when applying.
    func admits(_ p: Person, on day: Day, relative: (PNR) -> Person?) -> Bool {
        let age = p.age(on: day)
        let active = p.status == .active
        switch self {
        case .move, .nameChange, .nameCorrection, .church, .duplicate:
            return active && age >= 18
        case .marriage:
            return active && age >= 18 && ["U", "F", "E"].contains(p.civil.code)
        case .divorce:
            guard active, p.civil.code == "G", let s = p.civil.spouse, let spouse = relative(s) else { return false }
            return spouse.status == .active
        case .death:
            return p.status.isActive && age >= 45
        case .birth:
            return active && p.sex == .female && (20...44).contains(age) && p.address != nil
        case .emigration, .disappearance:
            return active && age >= 18 && !p.civil.isMarried && p.guardian == nil
                && !p.children.contains { relative($0).map { $0.age(on: day) < 18 } ?? false }
        case .returnHome:
            return p.status == .emigrated
        case .reappearance:
            return p.status == .disappeared
        case .protectionAdded:
            return active && p.protections.count < 3
        case .protectionRemoved:
            return active && p.protections.contains { $0.type != 1 }
        case .protectionExpired:
            return active && p.protections.contains { $0.type == 1 }
        case .numberChange:
            return active && p.history.numbers.isEmpty  // one change per person: no chains of old numbers
        case .annulment:
            return active && age >= 18 && p.relatedPNRs.isEmpty
        case .immigration:
            return false
        case .guardianship:
            guard active, age >= 75, p.guardian == nil else { return false }
            return p.children.contains { relative($0).map { $0.status == .active && $0.age(on: day) >= 18 } ?? false }
        }
    }
}

/// One event of the change chain: kind, when, and (once the base pass has found them)
/// its main person and, for a marriage, the partner.
struct PlannedEvent: Sendable {
    let ordinal: Int
    let kind: EventKind
    /// Index of the change file (0-based).
    let file: Int
    let day: Day
    let minuteOfDay: Int
    /// Blocks searched for the main person and (marriage) the partner.
    let candidates: [Int]
    let partnerCandidates: [Int]
    /// Where in a block the search starts, so targets spread over households.
    let offset: Int
    var target: Int?
    var partner: Int?
}
