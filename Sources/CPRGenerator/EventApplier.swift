import CPRFormat

/// 099 records collected for one change file, per person in the order they happened.
struct ChangeLog: Sendable {
    struct Entry: Sendable {
        /// TIMESTAMPU.
        var day: Day
        var minuteOfDay: Int
        var code: String
        /// AFLEDTMRK: blank for the event's main person, else the relation (ÆG, BØ, MO …).
        var marker: String
    }

    /// Ids in the order first touched.
    private(set) var ids: [Int] = []
    private(set) var entries: [Int: [Entry]] = [:]

    mutating func add(_ id: Int, _ entry: Entry) {
        if entries[id] == nil { ids.append(id) }
        entries[id, default: []].append(entry)
    }
}

/// Applies planned events to the registry. Every change to a person goes through
/// `change`, which also logs a 099, so whoever changed is delivered in the file.
struct EventApplier {
    var registry: Registry
    let allocator: PNRAllocator
    let seed: UInt64
    var log = ChangeLog()

    private var minute = 0
    private var day = Day(number: 0)

    init(registry: Registry, allocator: PNRAllocator, seed: UInt64) {
        self.registry = registry
        self.allocator = allocator
        self.seed = seed
    }

    /// Starts the log of the next change file.
    mutating func startFile() { log = ChangeLog() }

    private mutating func change(_ id: Int, _ code: String, _ marker: String = "", _ body: (inout Person) -> Void) {
        var p = registry[id]!
        body(&p)
        registry.store(p)
        log.add(id, .init(day: day, minuteOfDay: minute, code: code, marker: marker))
    }

    /// Delivers a related person whose own records did not change.
    private mutating func notify(_ id: Int, _ code: String, _ marker: String) {
        log.add(id, .init(day: day, minuteOfDay: minute, code: code, marker: marker))
    }

    private func relative(_ pnr: PNR) -> Person? { registry.person(pnr: pnr) }

    private static func sameHome(_ a: Address?, _ b: Address?) -> Bool {
        guard let a, let b else { return false }
        return a.municipality == b.municipality && a.roadCode == b.roadCode && a.houseNumber == b.houseNumber
            && a.floor == b.floor && a.door == b.door
    }

    /// The person and whoever lives with them in their care: a spouse at the same
    /// address and children under 18 there.
    private func household(of p: Person) -> [Person] {
        var result = [p]
        if p.civil.isMarried, let s = p.civil.spouse.flatMap(relative), s.status.isActive, Self.sameHome(s.address, p.address) {
            result.append(s)
        }
        for c in p.children.sorted().compactMap(relative) where c.status.isActive && c.age(on: day) < 18 && Self.sameHome(c.address, p.address) {
            result.append(c)
        }
        return result
    }

    mutating func apply(_ e: PlannedEvent) {
        var rng = SplitMix64(seed, .event, UInt64(e.ordinal))
        day = e.day
        minute = e.minuteOfDay
        let day = e.day  // a local: closures passed to `change` must not capture self
        if e.kind == .immigration {
            immigrate(&rng)
            return
        }
        guard let id = e.target, let p = registry[id], e.kind.admits(p, on: day, relative: relative) else { return }
        switch e.kind {
        case .move:
            move(household(of: p).map(\.id), to: Address.random(&rng, movedIn: day, in: rng.percent(60) ? municipality(of: p) : nil))
        case .nameChange: renameOrCorrect(p, correction: false, &rng)
        case .nameCorrection: renameOrCorrect(p, correction: true, &rng)
        case .marriage:
            guard let partnerID = e.partner, let q = registry[partnerID], partnerID != id, q.group != p.group,
                  EventKind.marriage.admits(q, on: day, relative: relative),
                  !p.relatedPNRs.contains(q.pnr), !q.relatedPNRs.contains(p.pnr)
            else { return }
            marry(p, q, &rng)
        case .divorce: divorce(p, &rng)
        case .death: die(p)
        case .birth: giveBirth(p, &rng)
        case .emigration:
            let country = rng.pick(Country.destinations)
            let lines = country.foreignAddress(&rng)
            change(id, e.kind.code) {
                $0.closeAddress(on: day)
                $0.status = .emigrated
                $0.statusDate = day
                $0.protections = []
                $0.emigration = Emigration(country: country.code, date: day, lines: lines)
            }
        case .returnHome:
            let home = Address.random(&rng, movedIn: day)
            change(id, e.kind.code) {
                if let out = $0.emigration {
                    $0.history.stays.append(.init(departedTo: out.country, departed: out.date, arrivedFrom: out.country,
                                                  arrived: day, lines: out.lines))
                }
                $0.emigration = nil
                $0.status = .active
                $0.statusDate = day
                $0.address = home.movedIn(on: day, from: nil)
            }
        case .disappearance:
            change(id, e.kind.code) {
                $0.closeAddress(on: day)
                $0.status = .disappeared
                $0.statusDate = day
                $0.disappeared = day
                $0.protections = []
            }
        case .reappearance:
            let home = Address.random(&rng, movedIn: day)
            change(id, e.kind.code) {
                if let gone = $0.disappeared { $0.history.disappearances.append(.init(from: gone, found: day)) }
                $0.disappeared = nil
                $0.status = .active
                $0.statusDate = day
                $0.address = home.movedIn(on: day, from: nil)
            }
        case .protectionAdded: protect(p, &rng)
        case .protectionRemoved:
            let kept = p.protections.filter { $0.type != 1 }
            let removed = kept[rng.below(kept.count)].type
            change(id, e.kind.code) { $0.protections.removeAll { $0.type == removed } }
        case .protectionExpired:
            // Name and address protection is granted for a period and lapses unless renewed.
            change(id, e.kind.code) { $0.protections.removeAll { $0.type == 1 } }
        case .numberChange: renumber(p, &rng)
        case .annulment:
            change(id, e.kind.code) {
                $0.closeAddress(on: day)
                $0.status = .annulled
                $0.statusDate = day
                $0.numberValidTo = day
                $0.protections = []
            }
        case .duplicate:
            let number = allocator.allocate(birth: p.birthDate, sex: p.sex)
            let issued = max(p.birthDate, day.adding(days: -(30 + rng.below(300))))
            let dup = PersonMaker.retiredNumber(of: p, id: registry.newID(), pnr: number, birth: p.birthDate, sex: p.sex,
                                                status: .duplicateDeleted, validFrom: issued, retiredOn: day)
            registry.store(dup)
            notify(dup.id, e.kind.code, "")
            notify(id, e.kind.code, "PN")  // the surviving number
        case .immigration: break
        case .church:
            change(id, e.kind.code) {
                $0.history.church.append(.init(code: $0.church, from: $0.churchSince, to: day))
                $0.church = $0.church == "F" ? "U" : "F"
                $0.churchSince = day
            }
        case .guardianship:
            guard let child = p.children.sorted().compactMap(relative)
                .first(where: { $0.status == .active && $0.age(on: day) >= 18 }) else { return }
            change(id, e.kind.code) { $0.guardian = Guardian(start: day, pnr: child.pnr) }
            notify(child.id, e.kind.code, "NV")  // the new guardian
        }
    }

    private func municipality(of p: Person) -> Municipality? {
        p.address.flatMap { a in Municipality.all.first { $0.code == a.municipality } }
    }

    private mutating func move(_ ids: [Int], to home: Address) {
        let day = day
        for id in ids {
            change(id, EventKind.move.code) {
                let old = $0.address
                $0.closeAddress(on: day)
                $0.address = home.movedIn(on: day, from: old)
            }
        }
    }

    private mutating func renameOrCorrect(_ p: Person, correction: Bool, _ rng: inout SplitMix64) {
        let day = day
        var name = p.name
        if correction {
            // A registration error put right: the wrong name stays in 026 marked K.
            name.first = Names.first(&rng, male: p.sex == .male)
        } else if rng.percent(50) || !p.name.middle.isEmpty {
            var last = rng.pick(Names.last)
            if last == name.last { last = rng.pick(Names.last) }
            name.last = last
            name.since = day
        } else {
            name.middle = rng.pick(Names.middle)
            name.since = day
        }
        change(p.id, correction ? EventKind.nameCorrection.code : EventKind.nameChange.code) {
            $0.history.names.append(.init(annkor: correction ? "K" : " ", first: $0.name.first, middle: $0.name.middle,
                                          last: $0.name.last, from: $0.name.since, to: day))
            $0.name = name
        }
    }

    private mutating func marry(_ p: Person, _ q: Person, _ rng: inout SplitMix64) {
        var a = p, b = q
        let takeName = a.sex != b.sex && rng.percent(50)
        // The woman takes the man's name when they share one.
        if b.sex == .male, a.sex == .female { swap(&a, &b) }
        PersonMaker.marry(&a, &b, on: day, takeName: takeName)
        let (first, second) = (a, b)
        change(first.id, EventKind.marriage.code) { $0 = first }
        change(second.id, EventKind.marriage.code, "ÆG") { $0 = second }
        if takeName, second.name.since == day { notify(second.id, EventKind.nameChange.code, "") }
        // The partner who is not the event's main person moves in, with the children in their care.
        guard let home = registry[p.id]!.address else { return }
        move(household(of: registry[q.id]!).filter { $0.id != p.id }.map(\.id), to: home)
    }

    private mutating func divorce(_ p: Person, _ rng: inout SplitMix64) {
        let day = day
        guard let spouse = p.civil.spouse.flatMap(relative) else { return }
        let livedTogether = Self.sameHome(p.address, spouse.address)
        change(p.id, EventKind.divorce.code) {
            $0.closeCivilStatus(on: day)
            $0.civil = CivilStatus(code: "F", spouse: spouse.pnr, since: day)
        }
        change(spouse.id, EventKind.divorce.code, "TÆ") {
            $0.closeCivilStatus(on: day)
            $0.civil = CivilStatus(code: "F", spouse: p.pnr, since: day)
        }
        if livedTogether { move([spouse.id], to: Address.random(&rng, movedIn: day)) }
    }

    private mutating func die(_ p: Person) {
        let day = day
        let code = EventKind.death.code
        if p.civil.isMarried, let spouse = p.civil.spouse.flatMap(relative) {
            change(spouse.id, code, "ÆG") {
                $0.closeCivilStatus(on: day)
                $0.civil = CivilStatus(code: "E", spouse: p.pnr, since: day)
            }
        }
        change(p.id, code) {
            $0.closeAddress(on: day)
            $0.status = .dead
            $0.statusDate = day
            $0.protections = []
            $0.custody = []
            $0.guardian = nil
            $0.contactAddress = nil
            $0.closeCivilStatus(on: day)
            $0.civil = CivilStatus(code: "D", spouse: nil, since: day)
        }
        let custodyType = p.sex == .female ? 3 : 4
        for child in p.children.sorted().compactMap(relative) {
            change(child.id, code, "BØ") { $0.custody.removeAll { $0.type == custodyType } }
        }
        for (parent, marker) in [(p.mother.pnr, "MO"), (p.father.pnr, "FA")] {
            guard let parent = parent.flatMap(relative) else { continue }
            if parent.guardian?.pnr == p.pnr {
                change(parent.id, code, "VS") { $0.guardian = nil }  // their guardian died
            } else {
                notify(parent.id, code, marker)
            }
        }
    }

    private mutating func giveBirth(_ mother: Person, _ rng: inout SplitMix64) {
        let code = EventKind.birth.code
        var father: Person?
        if mother.civil.isMarried, let s = mother.civil.spouse.flatMap(relative), s.sex == .male, s.status == .active {
            father = s
        }
        let maker = PersonMaker(allocator: allocator, today: day)
        var kid = maker.native(id: registry.newID(), group: mother.group, sex: rng.percent(51) ? .male : .female,
                               birth: day, last: father?.name.last ?? mother.name.last, &rng)
        kid.mother = .pnr(mother.pnr)
        kid.father = father.map { .pnr($0.pnr) } ?? .unknown
        kid.custody = [Custody(type: 3, start: day)] + (father == nil ? [] : [Custody(type: 4, start: day)])
        kid.address = mother.address?.movedIn(on: day, from: nil)
        kid.address?.coName = ""
        if mother.protections.contains(where: { $0.type == 1 }) { kid.protections = [Protection(type: 1, start: day)] }
        registry.store(kid)
        log.add(kid.id, .init(day: day, minuteOfDay: minute, code: code, marker: ""))
        change(mother.id, code, "MO") { $0.children.append(kid.pnr) }
        if let father { change(father.id, code, "FA") { $0.children.append(kid.pnr) } }
    }

    private mutating func protect(_ p: Person, _ rng: inout SplitMix64) {
        let day = day
        let missing = [1, 2, 3].filter { t in !p.protections.contains { $0.type == t } }
        let type = missing[rng.weighted(missing.map { $0 == 1 ? 3 : $0 == 2 ? 3 : 4 })]
        // Name and address protection covers the household.
        let ids = type == 1 ? household(of: p).map(\.id) : [p.id]
        for id in ids where !(registry[id]!.protections.contains { $0.type == type }) {
            change(id, EventKind.protectionAdded.code) { $0.protections.append(Protection(type: type, start: day)) }
        }
    }

    /// A new number for `p` (birth date corrected, or sex changed): the old number
    /// stays behind with status 60; everyone pointing at it is renumbered.
    private mutating func renumber(_ p: Person, _ rng: inout SplitMix64) {
        let code = EventKind.numberChange.code
        let old = p.pnr
        let sexChange = p.age(on: day) >= 18 && rng.percent(30)
        let newSex: Sex = sexChange ? (p.sex == .male ? .female : .male) : p.sex
        var newBirth = p.birthDate
        if !sexChange {
            newBirth = p.birthDate.adding(days: rng.percent(50) ? -(1 + rng.below(20)) : 1 + rng.below(20))
            if newBirth >= day { newBirth = p.birthDate.adding(days: -(1 + rng.below(20))) }
        }
        let new = allocator.allocate(birth: newBirth, sex: newSex)
        var renewed = p
        renewed.history.numbers.append(.init(pnr: old, from: p.numberValidFrom, to: day))
        renewed.pnr = new
        renewed.sex = newSex
        renewed.birthDate = newBirth
        renewed.numberValidFrom = day
        let retired = PersonMaker.retiredNumber(of: renewed, id: registry.newID(), pnr: old, birth: p.birthDate, sex: p.sex,
                                                status: .numberChanged, validFrom: p.numberValidFrom, retiredOn: day)
        change(p.id, code) { $0 = renewed }
        registry.store(retired)
        log.add(retired.id, .init(day: day, minuteOfDay: minute, code: code, marker: "PT"))
        var related: [(Person, String)] = []
        if let s = p.civil.spouse.flatMap(relative) { related.append((s, "ÆG")) }
        for c in p.children.sorted().compactMap(relative) { related.append((c, "BØ")) }
        if let m = p.mother.pnr.flatMap(relative) { related.append((m, "MO")) }
        if let f = p.father.pnr.flatMap(relative) { related.append((f, "FA")) }
        for (r, marker) in related where r.id != p.id {
            change(r.id, code, marker) { $0.renumberRelations(from: old, to: new) }
        }
    }

    private mutating func immigrate(_ rng: inout SplitMix64) {
        let maker = PersonMaker(allocator: allocator, today: day)
        let id = registry.newID()
        var p = maker.immigrant(id: id, group: id, arrivals: day...day, ages: 18...60, &rng)
        PersonMaker.settle(&p, at: Address.random(&rng, movedIn: day), movedIn: day)
        registry.store(p)
        log.add(id, .init(day: day, minuteOfDay: minute, code: EventKind.immigration.code, marker: ""))
    }
}
