/// A road in a municipality: road code (VEJKOD), name, and the 20-character
/// addressing name (VEJADRNVN) CPR prints on envelopes.
struct Road: Sendable {
    let code: Int
    let name: String
    let addressingName: String
    let postalCode: Int
    let postalDistrict: String
    /// BYNVN, blank for most roads.
    let town: String
    /// House numbers written "7" instead of "007" (both styles occur).
    let unpaddedHouseNumbers: Bool

    /// Road names; long ones carry CPR-style abbreviations for VEJADRNVN.
    static let names: [(name: String, addressing: String)] = [
        "Vestergade", "Østergade", "Nørregade", "Søndergade", "Algade", "Jernbanegade", "Skolevej",
        "Kirkevej", "Møllevej", "Bøgevej", "Egevej", "Birkevej", "Elmevej", "Ahornvej", "Lærkevej",
        "Kastanievej", "Havnegade", "Torvet", "Rosenvænget", "Engvej", "Skovvej", "Ågade", "Æblevej",
        "Fasanvej", "Præstegårdsvej", "Højvangen", "Solsikkevej", "Tværgade", "Bredgade", "Storegade",
        "Slotsgade", "Søvej", "Åvej", "Fyrrevænget", "Kløvervænget", "Grønnegade", "Hybenvej",
        "Blåbærvej", "Ørnevej", "Valmuevej", "Strandvejen", "Stationsvej", "Parkvej", "Bakkevej",
        "Markvej", "Industrivej", "Nygade", "Kongensgade", "Dronningensgade", "Ringvejen", "Lindevej",
        "Poppelvej", "Vibevej", "Svanevej", "Mågevej", "Klostergade", "Badstuegade", "Åboulevarden",
        "Frederiksberg Allé",
    ].map { ($0, $0) } + [
        ("H.C. Andersens Boulevard", "H.C. Andersens Blvd."),
        ("Dronning Margrethes Vej", "Dr. Margrethes Vej"),
        ("Christian den Fjerdes Vej", "Chr. d. Fjerdes Vej"),
        ("Sankt Hans Torv", "Sankt Hans Torv"),
    ]

    /// How many roads each municipality has in the synthetic road register.
    static func count(in municipality: Municipality) -> Int {
        min(names.count, 12 + municipality.weight)
    }

    /// Road number `index` (< count) of `municipality`: a pure function, so the same
    /// road code always has the same name and postal district.
    static func road(_ index: Int, in municipality: Municipality) -> Road {
        let m = municipality.code
        let entry = names[(m + index) % names.count]  // distinct names inside a municipality
        let postal = municipality.postalDistricts[index % municipality.postalDistricts.count]
        let h = Mix.key(UInt64(m), UInt64(index), 0x0AD)
        let town = !municipality.towns.isEmpty && h % 5 == 0 ? municipality.towns[Int(h / 5 % UInt64(municipality.towns.count))] : ""
        return Road(
            code: 100 + (index * 211 + m * 13) % 9000,  // distinct per municipality, below the special 99xx
            name: entry.name, addressingName: entry.addressing,
            postalCode: postal.code, postalDistrict: postal.name, town: town,
            unpaddedHouseNumbers: h % 7 == 3
        )
    }

    /// Road code 9901: no fixed abode (status 03 persons live on a special road code, spec §6.1).
    static func noFixedAbode(in municipality: Municipality) -> Road {
        Road(code: 9901, name: "Uden fast bopæl", addressingName: "Uden fast bopæl",
             postalCode: municipality.postalDistricts[0].code, postalDistrict: municipality.postalDistricts[0].name,
             town: "", unpaddedHouseNumbers: false)
    }
}
