/// CPR's 4-digit country codes (authority codes 5100–5999) for the countries
/// persons emigrate to or arrive from, with invented but plausible foreign addresses.
struct Country: Sendable {
    let code: Int
    let name: String
    let streets: [String]
    let cities: [String]

    static let denmark = 5100

    /// Where emigrants go.
    static let destinations: [Country] = [
        .init(code: 5120, name: "Sverige", streets: ["Storgatan", "Kungsgatan", "Drottninggatan"], cities: ["211 34 Malmö", "111 52 Stockholm", "411 06 Göteborg"]),
        .init(code: 5110, name: "Norge", streets: ["Kirkeveien", "Storgata", "Bygdøy allé"], cities: ["0368 Oslo", "5003 Bergen"]),
        .init(code: 5180, name: "Tyskland", streets: ["Hauptstraße", "Bahnhofstraße", "Holstenstraße"], cities: ["24937 Flensburg", "20095 Hamburg", "10115 Berlin"]),
        .init(code: 5170, name: "Storbritannien", streets: ["High Street", "Station Road", "Church Lane"], cities: ["London SW1A 1AA", "Edinburgh EH1 1YZ"]),
        .init(code: 5164, name: "Spanien", streets: ["Calle Mayor", "Avenida del Mar", "Calle Real"], cities: ["29601 Marbella", "03001 Alicante"]),
        .init(code: 5130, name: "Frankrig", streets: ["rue de la Paix", "avenue Victor Hugo"], cities: ["75002 Paris", "69001 Lyon"]),
        .init(code: 5104, name: "Finland", streets: ["Mannerheimintie", "Aleksanterinkatu"], cities: ["00100 Helsinki"]),
        .init(code: 5140, name: "Nederlandene", streets: ["Keizersgracht", "Damrak"], cities: ["1015 CJ Amsterdam"]),
    ]

    /// Where immigrants come from, with the names they bring.
    static let origins: [(country: Country, male: [String], female: [String], last: [String])] = [
        (.init(code: 5154, name: "Polen", streets: ["ulica Dluga"], cities: ["80-831 Gdansk"]), ["Piotr", "Mateusz"], ["Katarzyna", "Zofia"], ["Kowalski", "Nowak"]),
        (.init(code: 5180, name: "Tyskland", streets: ["Hauptstraße"], cities: ["24937 Flensburg"]), ["Jürgen", "Lukas"], ["Anja", "Sofia"], ["Müller", "Schmidt"]),
        (.init(code: 5436, name: "Irak", streets: ["Al-Rasheed Street"], cities: ["Baghdad"]), ["Ahmed", "Ali", "Omar"], ["Fatima", "Maryam"], ["Hussein", "Haddad"]),
        (.init(code: 5486, name: "Syrien", streets: ["Baron Street"], cities: ["Aleppo"]), ["Mohammad", "Omar"], ["Aisha", "Leila"], ["Haddad", "Rahimi"]),
        (.init(code: 5172, name: "Tyrkiet", streets: ["Istiklal Caddesi"], cities: ["34433 Istanbul"]), ["Ali", "Mehmet"], ["Ayse", "Elif"], ["Yilmaz", "Kaya"]),
        (.init(code: 5150, name: "Italien", streets: ["Via Roma"], cities: ["00184 Roma"]), ["Luca", "Marco"], ["Giulia", "Sofia"], ["Rossi", "Bianchi"]),
        (.init(code: 5432, name: "Indien", streets: ["MG Road"], cities: ["560001 Bengaluru"]), ["Arjun", "Rahul"], ["Priya", "Anjali"], ["Sharma", "Khan"]),
    ]

    /// UDLANDADR1–5: street, city, country, two blank lines.
    func foreignAddress(_ rng: inout SplitMix64) -> [String] {
        let street = rng.pick(streets), number = 1 + rng.below(120)
        let line1 = code == 5170 || code == 5130 ? "\(number) \(street)" : "\(street) \(number)"
        return [line1, rng.pick(cities), name.uppercased(), "", ""]
    }
}
