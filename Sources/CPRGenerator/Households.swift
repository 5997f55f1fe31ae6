import CPRFormat

/// What a group of CPR numbers in the base population is: mostly households, plus
/// the inactive numbers an extract also carries (dead, emigrated, replaced …).
enum HouseholdKind: CaseIterable {
    case single, couple, family, cohabitingFamily, singleParent, threeGenerations
    case dead, emigrated, disappeared, immigrant, renumbered, duplicate, annulled, noFixedAbode

    var sizes: ClosedRange<Int> {
        switch self {
        case .couple, .renumbered, .duplicate: 2...2
        case .family: 3...5
        case .cohabitingFamily, .singleParent: 2...4
        case .threeGenerations: 4...6
        default: 1...1
        }
    }

    var weight: Int {
        switch self {
        case .single: 17
        case .couple: 12
        case .family: 16
        case .cohabitingFamily: 5
        case .singleParent: 6
        case .threeGenerations: 4
        case .dead: 4
        case .emigrated: 3
        case .immigrant: 4
        case .disappeared, .renumbered, .duplicate, .annulled, .noFixedAbode: 1
        }
    }
}

/// Fills one block of the population (8 consecutive ids) with households. Relations
/// never leave a household group, so a group can be materialised on its own.
struct BlockBuilder {
    let maker: PersonMaker
    var rng: SplitMix64
    let firstID: Int
    private(set) var persons: [Person] = []
    private var issued = 0
    private var today: Day { maker.today }

    init(maker: PersonMaker, rng: SplitMix64, firstID: Int) {
        self.maker = maker
        self.rng = rng
        self.firstID = firstID
    }

    private mutating func newID() -> Int {
        defer { issued += 1 }
        return firstID + issued
    }

    private mutating func add(_ group: [Person]) {
        for p in group.sorted(by: { $0.id < $1.id }) {
            precondition(p.id == firstID + persons.count, "ids out of order")
            persons.append(p)
        }
    }

    /// Persons per block; the last block of a population may hold fewer.
    static let size = 8

    /// Adds households until the block holds `size` persons.
    mutating func fill(size: Int) {
        while persons.count < size {
            let remaining = size - persons.count
            let kinds = HouseholdKind.allCases.filter { $0.sizes.lowerBound <= remaining }
            let kind = kinds[rng.weighted(kinds.map(\.weight))]
            let size = rng.int(in: kind.sizes.lowerBound...min(kind.sizes.upperBound, remaining))
            switch kind {
            case .single: single()
            case .couple: couple(children: 0, married: true)
            case .family: couple(children: size - 2, married: true)
            case .cohabitingFamily: couple(children: size - 2, married: false)
            case .singleParent: singleParent(children: size - 1)
            case .threeGenerations: threeGenerations(grandchildren: size - 4)
            case .dead: dead()
            case .emigrated: emigrated()
            case .disappeared: disappeared()
            case .immigrant: immigrant()
            case .renumbered: renumbered()
            case .duplicate: duplicate()
            case .annulled: annulled()
            case .noFixedAbode: noFixedAbode()
            }
        }
    }

    // MARK: Building blocks

    private mutating func adult(sex: Sex, age: Int, last: String? = nil, group: Int, parentsKnown: Bool = false) -> Person {
        let birth = maker.birth(age: age, &rng)
        var p = maker.native(id: newID(), group: group, sex: sex, birth: birth, last: last ?? rng.pick(Names.last), &rng)
        maker.furnishAdult(&p, parentsKnown: parentsKnown, &rng)
        return p
    }

    /// A new home for people living together from `together` on.
    private mutating func home(from together: Day) -> (Address, Day) {
        let movedIn = PersonMaker.day(together, today.adding(days: -30), &rng)
        return (Address.random(&rng, movedIn: movedIn), movedIn)
    }

    /// A past marriage that ended (divorce or death of a spouse outside the population).
    private mutating func pastMarriage(_ p: inout Person, endedAs code: String, before end: Day? = nil) {
        let last = end ?? today.adding(days: -60)
        let married = PersonMaker.day(p.birthDate.adding(years: 20), last.adding(years: -3), &rng)
        let ended = PersonMaker.day(married.adding(years: 1), last, &rng)
        p.history.civil.append(.init(code: "U", spouse: nil, from: p.birthDate, to: married))
        p.history.civil.append(.init(code: "G", spouse: nil, from: married, to: ended))
        p.civil = CivilStatus(code: code, spouse: nil, since: ended)
    }

    /// Children of `mother`/`father` living at `home`; links both ways and sets custody.
    private mutating func children(_ count: Int, mother: inout Person?, father: inout Person?, home: Address,
                                   homeSince: Day, custody: [Int], protectedSince: Day?) -> [Person] {
        var result: [Person] = []
        let youngestParent = [mother, father].compactMap { $0?.birthDate }.max()!
        for _ in 0..<count {
            let oldest = min(rng.percent(10) ? 24 : 17, youngestParent.years(until: today) - 20)
            guard oldest >= 0 else { break }
            let age = rng.int(in: 0...oldest)
            let sex: Sex = rng.percent(51) ? .male : .female
            let last = father?.name.last ?? mother!.name.last
            let birth = maker.birth(age: age, &rng)
            var kid = maker.native(id: newID(), group: (mother ?? father)!.group, sex: sex, birth: birth, last: last, &rng)
            if let maiden = mother?.history.names.last?.last, maiden != last, rng.percent(30) { kid.name.middle = maiden }
            kid.mother = mother.map { .pnr($0.pnr) } ?? .named(Names.first(&rng, male: false) + " " + rng.pick(Names.last),
                                                              birth.adding(years: -(20 + rng.below(15))))
            kid.father = father.map { .pnr($0.pnr) } ?? (rng.percent(60)
                ? .named(Names.first(&rng, male: true) + " " + rng.pick(Names.last), birth.adding(years: -(22 + rng.below(15))))
                : .unknown)
            if age < 18 { kid.custody = custody.map { Custody(type: $0, start: birth) } }
            PersonMaker.settle(&kid, at: home, movedIn: max(birth, homeSince))
            if let since = protectedSince { kid.protections.append(.init(type: 1, start: max(since, birth))) }
            mother?.children.append(kid.pnr)
            father?.children.append(kid.pnr)
            result.append(kid)
        }
        return result
    }

    /// Some married couples are separated now (013), some were once (030).
    private mutating func separations(_ a: inout Person, _ b: inout Person, since wedding: Day) {
        let r = rng.below(100)
        guard r < 5, wedding.adding(years: 2) < today.adding(days: -60) else { return }
        let start = PersonMaker.day(wedding.adding(years: 1), today.adding(days: -60), &rng)
        if r < 2 {
            a.separation = start
            b.separation = start
        } else {
            let end = PersonMaker.day(start.adding(days: 30), today.adding(days: -30), &rng)
            let past = History.PastSeparation(annkor: r == 4 && rng.percent(50) ? "K" : " ", from: start, to: end)
            a.history.separations.append(past)
            b.history.separations.append(past)
        }
    }

    /// Name and address protection (0001) for a whole household now and then.
    private mutating func householdProtection(since: Day) -> Day? {
        rng.percent(2) ? PersonMaker.day(since, today.adding(days: -1), &rng) : nil
    }

    private mutating func settleAdult(_ p: inout Person, home: Address, movedIn: Day, protectedSince: Day?) {
        maker.pastAddresses(&p, before: movedIn, &rng)
        PersonMaker.settle(&p, at: home, movedIn: movedIn)
        if let since = protectedSince { p.protections.append(.init(type: 1, start: since)) }
        maker.protections(&p, since: movedIn, &rng)
    }

    // MARK: Households

    private mutating func single() {
        let group = firstID + issued
        let age = 18 + rng.below(73)
        var p = adult(sex: rng.percent(50) ? .male : .female, age: age, group: group)
        if age >= 30 {
            let r = rng.below(100)
            if r >= 50 { pastMarriage(&p, endedAs: r >= 85 && age > 55 ? "E" : "F") }
        }
        let (address, movedIn) = home(from: max(p.birthDate.adding(years: 18), today.adding(years: -25)))
        settleAdult(&p, home: address, movedIn: movedIn, protectedSince: householdProtection(since: movedIn))
        add([p])
    }

    private mutating func couple(children count: Int, married: Bool) {
        let group = firstID + issued
        let sameSex = count == 0 && rng.percent(4)
        let ageA = count > 0 ? rng.int(in: 24...55) : rng.int(in: 22...88)
        let ageB = min(95, max(20, ageA + rng.int(in: -4...4)))
        let sexA: Sex = sameSex && rng.percent(50) ? .female : .male
        var a = adult(sex: sexA, age: ageA, group: group)
        var b = adult(sex: sameSex ? sexA : .female, age: ageB, group: group)
        let together = PersonMaker.day(max(a.birthDate, b.birthDate).adding(years: 20), today.adding(years: -1), &rng)
        if married {
            PersonMaker.marry(&a, &b, on: together, takeName: !sameSex && rng.percent(55))
            separations(&a, &b, since: together)
        }
        let (address, movedIn) = home(from: together)
        let protectedSince = householdProtection(since: movedIn)
        settleAdult(&a, home: address, movedIn: movedIn, protectedSince: protectedSince)
        settleAdult(&b, home: address, movedIn: movedIn, protectedSince: protectedSince)
        var father: Person? = a, mother: Person? = b
        let kids = count == 0 ? [] : children(count, mother: &mother, father: &father, home: address, homeSince: movedIn,
                                              custody: married || rng.percent(70) ? [3, 4] : [3], protectedSince: protectedSince)
        add([father!, mother!] + kids)
    }

    private mutating func singleParent(children count: Int) {
        let group = firstID + issued
        let motherLed = rng.percent(85)
        var parent = adult(sex: motherLed ? .female : .male, age: rng.int(in: 24...55), group: group)
        if rng.percent(50) { pastMarriage(&parent, endedAs: "F") }
        let (address, movedIn) = home(from: parent.birthDate.adding(years: 20))
        let protectedSince = householdProtection(since: movedIn)
        settleAdult(&parent, home: address, movedIn: movedIn, protectedSince: protectedSince)
        var mother: Person? = motherLed ? parent : nil, father: Person? = motherLed ? nil : parent
        let kids = children(count, mother: &mother, father: &father, home: address, homeSince: movedIn,
                            custody: [motherLed ? 3 : 4], protectedSince: protectedSince)
        add([(mother ?? father)!] + kids)
    }

    /// A dead grandfather, his widow living alone, their child's family elsewhere.
    private mutating func threeGenerations(grandchildren count: Int) {
        let group = firstID + issued
        let childAge = rng.int(in: 30...55)
        let widowAge = min(95, childAge + rng.int(in: 24...34))
        var grandfather = adult(sex: .male, age: min(99, widowAge + rng.below(5)), group: group)
        var widow = adult(sex: .female, age: widowAge, group: group)
        let childBirthEstimate = today.adding(years: -childAge - 1)
        let wedding = PersonMaker.day(max(grandfather.birthDate, widow.birthDate).adding(years: 20),
                                      childBirthEstimate.adding(days: -400), &rng)
        PersonMaker.marry(&grandfather, &widow, on: wedding, takeName: rng.percent(80))
        var child = adult(sex: rng.percent(50) ? .male : .female, age: childAge, last: grandfather.name.last,
                          group: group, parentsKnown: true)
        child.mother = .pnr(widow.pnr)
        child.father = .pnr(grandfather.pnr)
        grandfather.children = [child.pnr]
        widow.children = [child.pnr]

        // The parents' home until he died; she still lives there.
        let death = PersonMaker.day(max(child.birthDate.adding(years: 18), today.adding(years: -15)), today.adding(days: -60), &rng)
        let (oldHome, oldMovedIn) = home(from: max(wedding, today.adding(years: -40)))
        let homeSince = min(oldMovedIn, death.adding(days: -365))
        settleAdult(&widow, home: oldHome, movedIn: homeSince, protectedSince: nil)
        PersonMaker.settle(&grandfather, at: oldHome, movedIn: homeSince)
        grandfather.closeAddress(on: death)
        grandfather.status = .dead
        grandfather.statusDate = death
        grandfather.closeCivilStatus(on: death)
        grandfather.civil = CivilStatus(code: "D", spouse: nil, since: death)
        widow.closeCivilStatus(on: death)
        widow.civil = CivilStatus(code: "E", spouse: grandfather.pnr, since: death)

        var spouse = adult(sex: child.sex == .male ? .female : .male, age: min(95, max(20, childAge + rng.int(in: -4...4))), group: group)
        let together = PersonMaker.day(max(child.birthDate, spouse.birthDate).adding(years: 20), today.adding(years: -1), &rng)
        if child.sex == .male {
            PersonMaker.marry(&child, &spouse, on: together, takeName: rng.percent(55))
        } else {
            PersonMaker.marry(&spouse, &child, on: together, takeName: rng.percent(55))
        }
        let (address, movedIn) = home(from: together)
        let protectedSince = householdProtection(since: movedIn)
        settleAdult(&child, home: address, movedIn: movedIn, protectedSince: protectedSince)
        settleAdult(&spouse, home: address, movedIn: movedIn, protectedSince: protectedSince)
        if widow.age(on: today) >= 80, rng.percent(25) {
            widow.guardian = Guardian(start: PersonMaker.day(today.adding(years: -5), today.adding(days: -30), &rng), pnr: child.pnr)
        }
        var father: Person? = child.sex == .male ? child : spouse
        var mother: Person? = child.sex == .male ? spouse : child
        let kids = children(count, mother: &mother, father: &father, home: address, homeSince: movedIn,
                            custody: [3, 4], protectedSince: protectedSince)
        add([grandfather, widow, father!, mother!] + kids)
    }

    private mutating func dead() {
        let group = firstID + issued
        let death = PersonMaker.day(today.adding(years: -15), today.adding(days: -60), &rng)
        let ageAtDeath = rng.int(in: 55...98)
        let birth = death.adding(years: -ageAtDeath).adding(days: -rng.below(364))
        var p = maker.native(id: newID(), group: group, sex: rng.percent(50) ? .male : .female, birth: birth,
                             last: rng.pick(Names.last), &rng)
        maker.furnishAdult(&p, &rng)
        if rng.percent(60) { pastMarriage(&p, endedAs: "E", before: death.adding(days: -1)) }
        let movedIn = PersonMaker.day(death.adding(years: -20), death.adding(days: -100), &rng)
        maker.pastAddresses(&p, before: movedIn, &rng)
        PersonMaker.settle(&p, at: Address.random(&rng, movedIn: movedIn), movedIn: movedIn)
        p.closeAddress(on: death)
        p.status = .dead
        p.statusDate = death
        p.closeCivilStatus(on: death)
        p.civil = CivilStatus(code: "D", spouse: nil, since: death)
        add([p])
    }

    private mutating func emigrated() {
        let group = firstID + issued
        var p = adult(sex: rng.percent(50) ? .male : .female, age: rng.int(in: 20...65), group: group)
        let departure = PersonMaker.day(max(p.birthDate.adding(years: 18), today.adding(years: -10)), today.adding(days: -30), &rng)
        let movedIn = PersonMaker.day(p.birthDate.adding(years: 18), departure.adding(days: -60), &rng)
        maker.pastAddresses(&p, before: movedIn, &rng)
        PersonMaker.settle(&p, at: Address.random(&rng, movedIn: movedIn), movedIn: movedIn)
        p.closeAddress(on: departure)
        let country = rng.pick(Country.destinations)
        p.status = .emigrated
        p.statusDate = departure
        p.emigration = Emigration(country: country.code, date: departure, lines: country.foreignAddress(&rng))
        add([p])
    }

    private mutating func disappeared() {
        let group = firstID + issued
        var p = adult(sex: rng.percent(70) ? .male : .female, age: rng.int(in: 20...70), group: group)
        let gone = PersonMaker.day(max(p.birthDate.adding(years: 18), today.adding(years: -8)), today.adding(days: -30), &rng)
        let movedIn = PersonMaker.day(p.birthDate.adding(years: 18), gone.adding(days: -60), &rng)
        PersonMaker.settle(&p, at: Address.random(&rng, movedIn: movedIn), movedIn: movedIn)
        p.closeAddress(on: gone)
        p.status = .disappeared
        p.statusDate = gone
        p.disappeared = gone
        add([p])
    }

    private mutating func immigrant() {
        let id = newID()
        var p = maker.immigrant(id: id, group: id,
                                arrivals: today.adding(years: -20)...today.adding(days: -30), ages: 18...70, &rng)
        let arrival = p.numberValidFrom
        if arrival.adding(years: 7) < today, rng.percent(30) {
            // Naturalised: Danish citizenship now, the former one in 027.
            let naturalised = PersonMaker.day(arrival.adding(years: 7), today.adding(days: -30), &rng)
            p.history.citizenships.append(.init(country: p.citizenship, from: p.citizenshipSince, to: naturalised))
            p.citizenship = Country.denmark
            p.citizenshipSince = naturalised
        }
        let (address, movedIn) = home(from: arrival)
        settleAdult(&p, home: address, movedIn: movedIn, protectedSince: nil)
        add([p])
    }

    /// A person whose number was changed (birth date corrected or sex changed): the
    /// valid number with 022, and the old one with status 60.
    private mutating func renumbered() {
        let group = firstID + issued
        var p = adult(sex: rng.percent(50) ? .male : .female, age: rng.int(in: 18...80), group: group)
        let (address, movedIn) = home(from: p.birthDate.adding(years: 18))
        settleAdult(&p, home: address, movedIn: movedIn, protectedSince: nil)
        let changed = PersonMaker.day(max(p.birthDate.adding(years: 1), today.adding(years: -12)), today.adding(days: -60), &rng)
        let sexChange = rng.percent(30)
        let oldSex: Sex = sexChange ? (p.sex == .male ? .female : .male) : p.sex
        let oldBirth = sexChange ? p.birthDate : p.birthDate.adding(days: rng.percent(50) ? -(1 + rng.below(20)) : 1 + rng.below(20))
        let old = maker.allocator.allocate(birth: oldBirth, sex: oldSex)
        p.history.numbers.append(.init(pnr: old, from: oldBirth, to: changed))
        p.numberValidFrom = changed
        let retired = PersonMaker.retiredNumber(of: p, id: newID(), pnr: old, birth: oldBirth, sex: oldSex,
                                                status: .numberChanged, validFrom: oldBirth, retiredOn: changed)
        add([p, retired])
    }

    /// A person registered twice: the surviving number and the deleted duplicate (status 50).
    private mutating func duplicate() {
        let group = firstID + issued
        var p = adult(sex: rng.percent(50) ? .male : .female, age: rng.int(in: 18...80), group: group)
        let (address, movedIn) = home(from: p.birthDate.adding(years: 18))
        settleAdult(&p, home: address, movedIn: movedIn, protectedSince: nil)
        let deleted = PersonMaker.day(max(p.birthDate.adding(years: 1), today.adding(years: -10)), today.adding(days: -60), &rng)
        let issuedOn = deleted.adding(days: -(30 + rng.below(400)))
        let number = maker.allocator.allocate(birth: p.birthDate, sex: p.sex)
        let dup = PersonMaker.retiredNumber(of: p, id: newID(), pnr: number, birth: p.birthDate, sex: p.sex,
                                            status: .duplicateDeleted, validFrom: max(issuedOn, p.birthDate), retiredOn: deleted)
        add([p, dup])
    }

    /// A number issued in error and annulled (status 30).
    private mutating func annulled() {
        let group = firstID + issued
        var p = adult(sex: rng.percent(50) ? .male : .female, age: rng.int(in: 18...70), group: group, parentsKnown: true)
        let annulledOn = PersonMaker.day(max(p.birthDate.adding(years: 18), today.adding(years: -5)), today.adding(days: -60), &rng)
        p.numberValidFrom = max(p.birthDate, annulledOn.adding(days: -(10 + rng.below(200))))
        p.status = .annulled
        p.statusDate = annulledOn
        p.numberValidTo = annulledOn
        p.history = History()
        add([p])
    }

    /// Status 03: registered on the municipality's special road code, with a contact address.
    private mutating func noFixedAbode() {
        let group = firstID + issued
        var p = adult(sex: rng.percent(75) ? .male : .female, age: rng.int(in: 25...70), group: group)
        let movedIn = PersonMaker.day(today.adding(years: -6), today.adding(days: -30), &rng)
        maker.pastAddresses(&p, before: movedIn, &rng)
        let address = Address.noFixedAbode(&rng, movedIn: movedIn)
        PersonMaker.settle(&p, at: address, movedIn: movedIn)
        p.status = .activeSpecialRoad
        p.statusDate = movedIn
        p.contactAddress = ContactAddress(
            lines: ["Borgerservice", "Rådhuset", "\(address.postalCode) \(address.postalDistrict)", "", ""], start: movedIn)
        add([p])
    }
}
