/// A person's current state as their records state it: what the query server answers and
/// what search indexes. Built from one person's records in file order by `PersonSnapshotBuilder`.
public struct PersonSnapshot: Sendable, Equatable {
    public struct Name: Sendable, Equatable {
        public var first = "", middle = "", last = "", addressing = ""
    }

    public struct Address: Sendable, Equatable {
        public var municipalityCode = "", roadCode = "", houseNumber = "", floor = "", door = ""
        public var roadName = "", postalCode = "", postalDistrict = "", locality = "", coName = ""
        public var movedIn: String?
    }

    public struct CivilStatus: Sendable, Equatable {
        public var code = ""
        public var spouse: PNR?
        public var since: String?
    }

    public struct Citizenship: Sendable, Equatable {
        public var countryCode = ""
        public var since: String?
    }

    public struct Emigration: Sendable, Equatable {
        public var countryCode = ""
        public var date: String?
        public var lines: [String] = []
    }

    public var pnr: PNR
    /// PNRGAELD: set when this number was replaced (status 50/60).
    public var currentPNR: PNR?
    public var status = ""
    public var statusDate: String?
    public var sex = ""
    public var birthDate: String?
    public var occupation = ""
    public var name = Name()
    /// From 002 (codes) and 003 (clear-written parts); nil without a 002.
    public var address: Address?
    /// BESKYTTYPE codes of the person's 004 records, e.g. "0001".
    public var protectionTypes: [String] = []
    public var civilStatus: CivilStatus?
    public var citizenship: Citizenship?
    public var mother: PNR?
    public var father: PNR?
    public var children: [PNR] = []
    public var emigration: Emigration?
    public var disappearedAt: String?
    /// Old numbers that resolve to a current one: (old, current) from 001 PNRGAELD and 022.
    public var aliases: [(old: PNR, current: PNR)] = []

    public init(pnr: PNR) { self.pnr = pnr }

    /// Name and address protection (004 type 0001). Any such record counts: withholding too
    /// much is the safe side of a start date CPR might move.
    public var isNameAndAddressProtected: Bool { protectionTypes.contains("0001") }
    public var hasLocalDirectoryProtection: Bool { protectionTypes.contains("0002") }
    public var hasMarketingProtection: Bool { protectionTypes.contains("0003") }

    public static func == (lhs: PersonSnapshot, rhs: PersonSnapshot) -> Bool {
        lhs.pnr == rhs.pnr && lhs.currentPNR == rhs.currentPNR && lhs.status == rhs.status
            && lhs.statusDate == rhs.statusDate && lhs.sex == rhs.sex && lhs.birthDate == rhs.birthDate
            && lhs.occupation == rhs.occupation && lhs.name == rhs.name && lhs.address == rhs.address
            && lhs.protectionTypes == rhs.protectionTypes && lhs.civilStatus == rhs.civilStatus
            && lhs.citizenship == rhs.citizenship && lhs.mother == rhs.mother && lhs.father == rhs.father
            && lhs.children == rhs.children && lhs.emigration == rhs.emigration
            && lhs.disappearedAt == rhs.disappearedAt
            && lhs.aliases.map(\.old) == rhs.aliases.map(\.old) && lhs.aliases.map(\.current) == rhs.aliases.map(\.current)
    }
}
