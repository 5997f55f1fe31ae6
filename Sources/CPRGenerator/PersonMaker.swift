import CPRFormat

/// Creates single persons with consistent details; households and events then
/// connect them. Every call draws from the caller's random stream in a fixed order.
struct PersonMaker {
    let allocator: PNRAllocator
    /// The day the state describes: every base fact is dated before it.
    let today: Day

    static let occupations = [
        "Pensionist", "Lærer", "Tømrer", "Sygeplejerske", "Ingeniør", "Landmand", "Kontorassistent",
        "Smed", "Skibsfører", "Pædagog", "Elektriker", "Social- og sundhedsassistent", "Økonom", "Præst",
    ]

    /// A birth date giving exactly `age` years on `today`.
    func birth(age: Int, _ rng: inout SplitMix64) -> Day {
        today.adding(years: -age).adding(days: -(1 + rng.below(364)))
    }

    /// A day uniformly in `from...to` (or `from` when the range is empty).
    static func day(_ from: Day, _ to: Day, _ rng: inout SplitMix64) -> Day {
        to.number <= from.number ? from : Day(number: from.number + rng.below(to.number - from.number + 1))
    }

    /// A person born in Denmark: active, unmarried, no address or relations yet.
    func native(id: Int, group: Int, sex: Sex, birth: Day, last: String, _ rng: inout SplitMix64) -> Person {
        let municipality = Municipality.all[rng.weighted(Municipality.weights)]
        var middle = rng.percent(35) ? rng.pick(Names.middle) : ""
        if middle == last { middle = "" }
        let first = Names.first(&rng, male: sex == .male)
        let baptised = rng.percent(72) && birth.adding(days: 200) < today
        let churchSince = baptised ? birth.adding(days: 60 + rng.below(140)) : birth
        var p = Person(
            id: id, group: group, pnr: allocator.allocate(birth: birth, sex: sex), status: .active,
            statusDate: birth, sex: sex, birthDate: birth, numberValidFrom: birth,
            name: Name(first: first, middle: middle, last: last, since: birth),
            birthAuthority: municipality.birthAuthority(&rng),
            citizenship: Country.denmark, citizenshipSince: birth,
            church: baptised ? "F" : "U", churchSince: churchSince,
            civil: .unmarried(), mother: .unknown, father: .unknown
        )
        // Some left the church again (028 keeps the membership).
        if baptised, birth.years(until: today) > 25, rng.percent(12) {
            let left = PersonMaker.day(birth.adding(years: 18), today.adding(days: -30), &rng)
            p.history.church.append(.init(code: "F", from: churchSince, to: left))
            p.church = "U"
            p.churchSince = left
        }
        return p
    }

    /// Details every adult gets: parents outside the population (by name or unknown,
    /// unless `parentsKnown`), an occupation now and then, rare old disappearances.
    func furnishAdult(_ p: inout Person, parentsKnown: Bool = false, _ rng: inout SplitMix64) {
        if !parentsKnown, p.birthDate.year >= 1950 || rng.percent(30) {
            p.mother = .named(Names.first(&rng, male: false) + " " + rng.pick(Names.last),
                              p.birthDate.adding(years: -(20 + rng.below(18))))
            p.father = rng.percent(85)
                ? .named(Names.first(&rng, male: true) + " " + p.name.last, p.birthDate.adding(years: -(22 + rng.below(20))))
                : .unknown
        }
        if rng.percent(12) { p.occupation = rng.pick(PersonMaker.occupations) }
        if p.age(on: today) > 40, rng.percent(1) {
            let from = PersonMaker.day(p.birthDate.adding(years: 18), today.adding(years: -3), &rng)
            p.history.disappearances.append(.init(from: from, found: from.adding(days: 5 + rng.below(300))))
        }
    }

    /// Earlier addresses (023) before `movedIn`, oldest first; now and then one
    /// annulled registration ("A") as CPR shows them.
    func pastAddresses(_ p: inout Person, before movedIn: Day, _ rng: inout SplitMix64) {
        let adulthood = p.birthDate.adding(years: 18)
        guard movedIn > adulthood.adding(days: 400) else { return }
        let count = rng.below(3)
        guard count > 0 else { return }
        var starts = (0..<count).map { _ in PersonMaker.day(adulthood, movedIn.adding(days: -200), &rng) }
        starts.sort()
        for (i, start) in starts.enumerated() {
            let end = i + 1 < starts.count ? starts[i + 1] : movedIn
            guard start < end else { continue }
            let a = Address.random(&rng, movedIn: start)
            let past = History.PastAddress(
                municipality: a.municipality, roadCode: a.roadCode, houseNumber: a.houseNumber, floor: a.floor,
                door: a.door, coName: a.coName, movedIn: start, movedOut: end)
            p.history.addresses.append(past)
            if rng.percent(4) {
                // A move registered and then annulled: same start, marked A.
                var wrong = Address.random(&rng, movedIn: start)
                wrong.coName = ""
                p.history.addresses.append(.init(
                    annkor: "A", municipality: wrong.municipality, roadCode: wrong.roadCode,
                    houseNumber: wrong.houseNumber, floor: wrong.floor, door: wrong.door, coName: "",
                    movedIn: start, movedOut: end))
            }
        }
    }

    /// Protection on some adults: local directory (0002) and marketing (0003).
    func protections(_ p: inout Person, since: Day, _ rng: inout SplitMix64) {
        if rng.percent(4) { p.protections.append(.init(type: 2, start: PersonMaker.day(since, today.adding(days: -1), &rng))) }
        if rng.percent(10) { p.protections.append(.init(type: 3, start: PersonMaker.day(since, today.adding(days: -1), &rng))) }
    }

    /// Marries `a` and `b` on `day`: both G, pointing at each other; the earlier civil
    /// status goes to history. `b` takes `a`'s last name when `takeName`.
    static func marry(_ a: inout Person, _ b: inout Person, on day: Day, takeName: Bool) {
        a.closeCivilStatus(on: day)
        b.closeCivilStatus(on: day)
        a.civil = CivilStatus(code: "G", spouse: b.pnr, since: day)
        b.civil = CivilStatus(code: "G", spouse: a.pnr, since: day)
        if takeName, b.name.last != a.name.last {
            b.closeName(on: day)
            b.name.last = a.name.last
            b.name.since = day
        }
    }

    /// A person who came from abroad, arriving in `arrivals` (and after birth): foreign
    /// name, birth place and citizenship, often a 1 January birth date of uncertain day
    /// (spec §11), the arrival in 024.
    func immigrant(id: Int, group: Int, arrivals: ClosedRange<Day>, ages: ClosedRange<Int>, _ rng: inout SplitMix64) -> Person {
        let origin = rng.pick(Country.origins)
        let sex: Sex = rng.percent(50) ? .male : .female
        let age = rng.int(in: ages)
        var birth = self.birth(age: age, &rng)
        let uncertain = rng.percent(40)
        if uncertain { birth = Day(year: birth.year, month: 1, day: 1) }
        let arrival = PersonMaker.day(max(arrivals.lowerBound, birth.adding(days: 30)), arrivals.upperBound, &rng)
        let first = rng.pick(sex == .male ? origin.male : origin.female)
        var p = Person(
            id: id, group: group, pnr: allocator.allocate(birth: birth, sex: sex), status: .active,
            statusDate: arrival, sex: sex, birthDate: birth, birthDateUncertain: uncertain, numberValidFrom: arrival,
            name: Name(first: first, middle: "", last: rng.pick(origin.last), since: arrival),
            birthAuthority: Digits.pad(origin.country.code, 4),
            citizenship: origin.country.code, citizenshipSince: birth,
            church: "U", churchSince: arrival,
            civil: .unmarried(), mother: .unknown, father: .unknown
        )
        p.history.stays.append(.init(departedTo: 0, departed: nil, arrivedFrom: origin.country.code, arrived: arrival,
                                     lines: origin.country.foreignAddress(&rng)))
        if rng.percent(30), age >= 26 {
            // Married abroad: the spouse has no Danish number, so 012 names them.
            p.civil = CivilStatus(code: "G", spouse: nil,
                                  spouseName: rng.pick(sex == .male ? origin.female : origin.male) + " " + p.name.last,
                                  spouseBirth: birth.adding(days: rng.int(in: -1500...1500)), since: birth.adding(years: 24))
        }
        return p
    }

    /// Gives `p` the address `home` from `movedIn`, filling the municipality move fields
    /// from the person's address history.
    static func settle(_ p: inout Person, at home: Address, movedIn: Day) {
        var a = home
        a.movedIn = movedIn
        a.movedIntoMunicipality = movedIn
        a.previousMunicipality = 0
        a.leftPreviousMunicipality = nil
        if let last = p.history.addresses.last(where: { $0.annkor == " " }) {
            if last.municipality == a.municipality {
                a.movedIntoMunicipality = last.movedIn
            } else {
                a.previousMunicipality = last.municipality
                a.leftPreviousMunicipality = movedIn
            }
        }
        p.address = a
    }

    /// The record set left behind by a number that was replaced (status 50 duplicate
    /// deleted, 60 number changed): name, birth data, citizenship and church as they
    /// were; no address, no relations, no history; PNRGAELD names the valid number.
    static func retiredNumber(of p: Person, id: Int, pnr old: PNR, birth: Day, sex: Sex, status: Status,
                              validFrom: Day, retiredOn day: Day) -> Person {
        Person(
            id: id, group: p.group, pnr: old, replacedBy: p.pnr, status: status, statusDate: day, sex: sex,
            birthDate: birth, birthDateUncertain: p.birthDateUncertain, numberValidFrom: validFrom, numberValidTo: day,
            occupation: p.occupation, name: p.name, birthAuthority: p.birthAuthority,
            citizenship: p.citizenship, citizenshipSince: p.citizenshipSince, church: p.church, churchSince: p.churchSince,
            civil: CivilStatus(code: p.civil.code == "D" ? "U" : p.civil.code, spouse: nil, since: p.civil.since),
            mother: .unknown, father: .unknown
        )
    }
}
