/// A current Danish address as records 002 and 003 carry it.
struct Address: Sendable, Equatable {
    var municipality: Int
    var roadCode: Int
    var roadName: String
    /// VEJADRNVN, at most 20 characters.
    var roadAddressingName: String
    /// HUSNR as written: "012A", "016", "7".
    var houseNumber: String
    /// "st", "kl", "1" … or blank.
    var floor: String
    /// "tv", "th", "mf", "1" … or blank.
    var door: String
    var coName: String
    var locality: String
    var town: String
    var postalCode: Int
    var postalDistrict: String
    /// TILFLYDTO.
    var movedIn: Day
    /// TILFLYKOMDTO.
    var movedIntoMunicipality: Day
    /// FRAFLYKOMKOD; 0 when the person has always lived in this municipality.
    var previousMunicipality: Int
    /// FRAFLYKOMDTO.
    var leftPreviousMunicipality: Day?

    /// STANDARDADR: "Vestergade 12A, 2. th".
    var standardAddress: String {
        var house = Substring(houseNumber)
        while house.count > 1, house.first == "0" { house = house.dropFirst() }
        var text = roadAddressingName + (house.isEmpty ? "" : " " + house)
        if !floor.isEmpty || !door.isEmpty {
            let floorText = floor.isEmpty ? "" : (floor == "st" || floor == "kl" ? floor + "." : floor + ".")
            text += ", " + [floorText, door].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return String(text.prefix(34))
    }

    /// A new address, in `municipality` if given, else anywhere (weighted by population).
    static func random(_ rng: inout SplitMix64, movedIn: Day, in municipality: Municipality? = nil) -> Address {
        let m = municipality ?? Municipality.all[rng.weighted(Municipality.weights)]
        let road = Road.road(rng.below(Road.count(in: m)), in: m)
        let number = 1 + (rng.percent(70) ? rng.below(40) : rng.below(180))
        let letter = rng.percent(12) ? String(rng.pick(["A", "B", "C", "D"])) : ""
        let house = (road.unpaddedHouseNumbers ? String(number) : Digits.pad(number, 3)) + letter
        var floor = "", door = ""
        if rng.percent(m.isCity ? 60 : 18) {
            floor = ["st", "1", "2", "3", "4", "5", "kl"][rng.weighted([20, 22, 20, 15, 10, 6, 2])]
            door = ["tv", "th", "mf", "1", "2", "3", ""][rng.weighted([30, 30, 8, 5, 5, 3, 5])]
        }
        return Address(
            municipality: m.code, roadCode: road.code, roadName: road.name, roadAddressingName: road.addressingName,
            houseNumber: house, floor: floor, door: door,
            coName: rng.percent(3) ? "c/o " + rng.pick(Names.last) : "",
            locality: rng.percent(3) ? rng.pick(["Skovly", "Engholm", "Højvang", "Ålykke", "Solbakken"]) : "",
            town: road.town, postalCode: road.postalCode, postalDistrict: road.postalDistrict,
            movedIn: movedIn, movedIntoMunicipality: movedIn, previousMunicipality: 0, leftPreviousMunicipality: nil
        )
    }

    /// A status-03 registration on the special road code for persons without a fixed abode.
    static func noFixedAbode(_ rng: inout SplitMix64, movedIn: Day) -> Address {
        let m = Municipality.all[rng.weighted(Municipality.weights)]
        let road = Road.noFixedAbode(in: m)
        return Address(
            municipality: m.code, roadCode: road.code, roadName: road.name, roadAddressingName: road.addressingName,
            houseNumber: "", floor: "", door: "", coName: "", locality: "", town: "",
            postalCode: road.postalCode, postalDistrict: road.postalDistrict,
            movedIn: movedIn, movedIntoMunicipality: movedIn, previousMunicipality: 0, leftPreviousMunicipality: nil
        )
    }

    /// This address as where someone lives from `day` on, having moved from `old`
    /// (nil when arriving from abroad or being born): sets the municipality move fields.
    func movedIn(on day: Day, from old: Address?) -> Address {
        var a = self
        a.movedIn = day
        if let old, old.municipality == municipality {
            a.movedIntoMunicipality = old.movedIntoMunicipality
            a.previousMunicipality = old.previousMunicipality
            a.leftPreviousMunicipality = old.leftPreviousMunicipality
        } else {
            a.movedIntoMunicipality = day
            a.previousMunicipality = old?.municipality ?? 0
            a.leftPreviousMunicipality = old == nil ? nil : day
        }
        return a
    }
}
