/// Real municipality codes and postal districts (public reference data), with a
/// rough population weight so that København and Aarhus dominate as they do.
struct Municipality: Sendable {
    let code: Int
    let name: String
    let weight: Int
    let postalDistricts: [(code: Int, name: String)]
    /// Town names (BYNVN) used on some roads outside the main town.
    let towns: [String]

    static let all: [Municipality] = [
        .init(code: 101, name: "København", weight: 60, postalDistricts: [
            (1050, "København K"), (1620, "København V"), (2100, "København Ø"), (2200, "København N"),
            (2300, "København S"), (2400, "København NV"), (2450, "København SV"), (2500, "Valby"),
            (2700, "Brønshøj"), (2720, "Vanløse"),
        ], towns: []),
        .init(code: 147, name: "Frederiksberg", weight: 10, postalDistricts: [(1820, "Frederiksberg C"), (2000, "Frederiksberg")], towns: []),
        .init(code: 151, name: "Ballerup", weight: 5, postalDistricts: [(2750, "Ballerup"), (2740, "Skovlunde"), (2760, "Måløv")], towns: []),
        .init(code: 157, name: "Gentofte", weight: 7, postalDistricts: [(2820, "Gentofte"), (2900, "Hellerup"), (2920, "Charlottenlund")], towns: []),
        .init(code: 167, name: "Hvidovre", weight: 5, postalDistricts: [(2650, "Hvidovre")], towns: []),
        .init(code: 173, name: "Lyngby-Taarbæk", weight: 5, postalDistricts: [(2800, "Kongens Lyngby")], towns: ["Virum"]),
        .init(code: 185, name: "Tårnby", weight: 4, postalDistricts: [(2770, "Kastrup")], towns: []),
        .init(code: 223, name: "Hørsholm", weight: 3, postalDistricts: [(2970, "Hørsholm")], towns: []),
        .init(code: 259, name: "Køge", weight: 6, postalDistricts: [(4600, "Køge")], towns: ["Herfølge", "Ølsemagle"]),
        .init(code: 265, name: "Roskilde", weight: 9, postalDistricts: [(4000, "Roskilde")], towns: ["Svogerslev", "Himmelev"]),
        .init(code: 316, name: "Holbæk", weight: 7, postalDistricts: [(4300, "Holbæk")], towns: ["Tølløse"]),
        .init(code: 370, name: "Næstved", weight: 8, postalDistricts: [(4700, "Næstved")], towns: ["Fensmark", "Glumsø"]),
        .init(code: 400, name: "Bornholm", weight: 4, postalDistricts: [(3700, "Rønne"), (3730, "Nexø"), (3790, "Hasle")], towns: ["Østermarie", "Aakirkeby"]),
        .init(code: 461, name: "Odense", weight: 20, postalDistricts: [
            (5000, "Odense C"), (5200, "Odense V"), (5210, "Odense NV"), (5220, "Odense SØ"), (5230, "Odense M"),
        ], towns: ["Højby", "Hjallese"]),
        .init(code: 479, name: "Svendborg", weight: 6, postalDistricts: [(5700, "Svendborg")], towns: ["Tåsinge"]),
        .init(code: 492, name: "Ærø", weight: 1, postalDistricts: [(5970, "Ærøskøbing"), (5960, "Marstal")], towns: ["Søby Ærø"]),
        .init(code: 510, name: "Haderslev", weight: 6, postalDistricts: [(6100, "Haderslev")], towns: ["Øsby"]),
        .init(code: 540, name: "Sønderborg", weight: 7, postalDistricts: [(6400, "Sønderborg")], towns: ["Augustenborg"]),
        .init(code: 561, name: "Esbjerg", weight: 11, postalDistricts: [(6700, "Esbjerg"), (6705, "Esbjerg Ø"), (6710, "Esbjerg V")], towns: ["Tjæreborg"]),
        .init(code: 563, name: "Fanø", weight: 1, postalDistricts: [(6720, "Fanø")], towns: ["Sønderho"]),
        .init(code: 607, name: "Fredericia", weight: 5, postalDistricts: [(7000, "Fredericia")], towns: []),
        .init(code: 615, name: "Horsens", weight: 9, postalDistricts: [(8700, "Horsens")], towns: ["Hatting"]),
        .init(code: 621, name: "Kolding", weight: 9, postalDistricts: [(6000, "Kolding")], towns: ["Bramdrupdam"]),
        .init(code: 630, name: "Vejle", weight: 11, postalDistricts: [(7100, "Vejle")], towns: ["Børkop"]),
        .init(code: 657, name: "Herning", weight: 9, postalDistricts: [(7400, "Herning")], towns: ["Gullestrup"]),
        .init(code: 730, name: "Randers", weight: 10, postalDistricts: [(8900, "Randers C"), (8920, "Randers NV"), (8930, "Randers NØ")], towns: ["Spentrup"]),
        .init(code: 740, name: "Silkeborg", weight: 9, postalDistricts: [(8600, "Silkeborg")], towns: ["Virklund"]),
        .init(code: 751, name: "Aarhus", weight: 35, postalDistricts: [
            (8000, "Aarhus C"), (8200, "Aarhus N"), (8210, "Aarhus V"), (8220, "Brabrand"), (8240, "Risskov"),
            (8260, "Viby J"), (8270, "Højbjerg"),
        ], towns: ["Skødstrup", "Tranbjerg", "Mårslet"]),
        .init(code: 760, name: "Ringkøbing-Skjern", weight: 5, postalDistricts: [(6950, "Ringkøbing"), (6900, "Skjern")], towns: ["Hvide Sande"]),
        .init(code: 791, name: "Viborg", weight: 9, postalDistricts: [(8800, "Viborg")], towns: ["Overlund"]),
        .init(code: 813, name: "Frederikshavn", weight: 6, postalDistricts: [(9900, "Frederikshavn"), (9990, "Skagen")], towns: ["Ålbæk"]),
        .init(code: 825, name: "Læsø", weight: 1, postalDistricts: [(9940, "Læsø")], towns: ["Byrum"]),
        .init(code: 851, name: "Aalborg", weight: 21, postalDistricts: [
            (9000, "Aalborg"), (9200, "Aalborg SV"), (9210, "Aalborg SØ"), (9220, "Aalborg Øst"), (9400, "Nørresundby"),
        ], towns: ["Vestbjerg", "Vodskov"]),
        .init(code: 860, name: "Hjørring", weight: 6, postalDistricts: [(9800, "Hjørring")], towns: ["Tårs"]),
    ]

    static let weights = all.map(\.weight)

    /// The four big cities, where most people live in flats.
    var isCity: Bool { [101, 147, 461, 751, 851].contains(code) }

    /// Parish-style birth registration authority codes (009) of the region, 7001–9399.
    func birthAuthority(_ rng: inout SplitMix64) -> String {
        Digits.pad(7001 + (code * 37 + rng.below(60)) % 2399, 4)
    }
}
