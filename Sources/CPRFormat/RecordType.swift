/// The 3-digit record type that starts every record ("001" = personoplysninger).
public struct RecordType: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 1 for "001", 999 for "999".
    public let code: UInt16

    @usableFromInline
    init(validCode: UInt16) {
        code = validCode
    }

    /// Any code 0…999, known to the layout table or not.
    public init?(code: Int) {
        guard (0...999).contains(code) else { return nil }
        self.init(validCode: UInt16(code))
    }

    /// Exactly 3 ASCII digits.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 3 else { return nil }
        var c: UInt16 = 0
        for b in bytes {
            let d = b &- 0x30
            guard d < 10 else { return nil }
            c = c * 10 + UInt16(d)
        }
        self.init(validCode: c)
    }

    /// Exactly 3 ASCII digits.
    @inlinable
    public init?(_ string: some StringProtocol) {
        self.init(bytes: string.utf8)
    }

    /// Zero-padded, as in the files: "001".
    public var description: String {
        let c = Int(code)
        return String(unsafeUninitializedCapacity: 3) { buffer in
            buffer[0] = UInt8(c / 100) + 0x30
            buffer[1] = UInt8(c / 10 % 10) + 0x30
            buffer[2] = UInt8(c % 10) + 0x30
            return 3
        }
    }

    public static func < (lhs: RecordType, rhs: RecordType) -> Bool { lhs.code < rhs.code }
}

// Named types, English names after CprBroker's record classes (spec §4).
extension RecordType {
    /// 000 Startrecord.
    public static let startRecord = RecordType(validCode: 0)
    /// 001 Personoplysninger.
    public static let personInformation = RecordType(validCode: 1)
    /// 002 Aktuelle adresseoplysninger.
    public static let currentAddress = RecordType(validCode: 2)
    /// 003 Adrnvn og klarskriftadresse.
    public static let clearWrittenAddress = RecordType(validCode: 3)
    /// 004 Beskyttelse.
    public static let protection = RecordType(validCode: 4)
    /// 005 Aktuelle udrejseoplysninger.
    public static let currentDeparture = RecordType(validCode: 5)
    /// 006 Kontaktadresse.
    public static let contactAddress = RecordType(validCode: 6)
    /// 007 Aktuelle forsvindingsoplysninger.
    public static let currentDisappearance = RecordType(validCode: 7)
    /// 008 Aktuelle navneoplysninger.
    public static let currentName = RecordType(validCode: 8)
    /// 009 Fødselsregistreringssted.
    public static let birthRegistration = RecordType(validCode: 9)
    /// 010 Aktuelt statsborgerskab.
    public static let currentCitizenship = RecordType(validCode: 10)
    /// 011 Folkekirkeforhold.
    public static let churchInformation = RecordType(validCode: 11)
    /// 012 Aktuel civilstand.
    public static let currentCivilStatus = RecordType(validCode: 12)
    /// 013 Aktuel separation.
    public static let currentSeparation = RecordType(validCode: 13)
    /// 014 Børn.
    public static let child = RecordType(validCode: 14)
    /// 015 Forældreoplysninger.
    public static let parents = RecordType(validCode: 15)
    /// 016 Forældremyndighed.
    public static let parentalAuthority = RecordType(validCode: 16)
    /// 017 Umyndiggørelse/værge.
    public static let disempowerment = RecordType(validCode: 17)
    /// 018 Kommunale forhold.
    public static let municipalConditions = RecordType(validCode: 18)
    /// 019 Notat.
    public static let notes = RecordType(validCode: 19)
    /// 020 Valgoplysninger.
    public static let electionInformation = RecordType(validCode: 20)
    /// 021 Flyttepåbud.
    public static let relocationOrder = RecordType(validCode: 21)
    /// 022 Historiske personnumre.
    public static let historicalPNR = RecordType(validCode: 22)
    /// 023 Historiske adresser.
    public static let historicalAddress = RecordType(validCode: 23)
    /// 024 Historiske udrejse/indrejse.
    public static let historicalDeparture = RecordType(validCode: 24)
    /// 025 Historiske forsvindinger.
    public static let historicalDisappearance = RecordType(validCode: 25)
    /// 026 Historiske navne.
    public static let historicalName = RecordType(validCode: 26)
    /// 027 Historiske statsborgerskaber.
    public static let historicalCitizenship = RecordType(validCode: 27)
    /// 028 Historiske folkekirkeforhold.
    public static let historicalChurchInformation = RecordType(validCode: 28)
    /// 029 Historiske civilstande.
    public static let historicalCivilStatus = RecordType(validCode: 29)
    /// 030 Historiske separationer.
    public static let historicalSeparation = RecordType(validCode: 30)
    /// 031 Mor med klarskriftadresse (P12180).
    public static let motherWithAddress = RecordType(validCode: 31)
    /// 032 Far med klarskriftadresse (P12180).
    public static let fatherWithAddress = RecordType(validCode: 32)
    /// 033 Barn med klarskriftadresse (P12180).
    public static let childWithAddress = RecordType(validCode: 33)
    /// 050 Kreditadvarsel (layout unknown).
    public static let creditWarning = RecordType(validCode: 50)
    /// 052 Umyndiggørelse og værge med værgemålstype.
    public static let guardianship = RecordType(validCode: 52)
    /// 099 Hændelse.
    public static let event = RecordType(validCode: 99)
    /// 910 Fejlrecord.
    public static let errorRecord = RecordType(validCode: 910)
    /// 997 Kvittering for sletning af abonnement.
    public static let subscriptionDeletionReceipt = RecordType(validCode: 997)
    /// 999 Slutrecord.
    public static let endRecord = RecordType(validCode: 999)
}
