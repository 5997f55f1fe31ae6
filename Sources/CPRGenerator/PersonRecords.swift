import CPRFormat

/// Which of a person's records to write: all, or with the 003 split off so a file
/// can carry every 003 at its end (as CPR's sample file does, spec §2.5).
enum RecordPart: Sendable {
    case all
    case allButClearWrittenAddress
    case clearWrittenAddressOnly
}

/// A person's state as CPR records, in canonical order: by record type, and inside
/// a type in a stable order (protections and custody by type, children by PNR,
/// history in the order it happened). A pure function of `Person`, so a status
/// extract and a change file write the same bytes for the same state.
enum PersonRecords {
    /// Every record of `p` in canonical order, each full length; 099 events are not
    /// state and are written by the change file after these.
    static func write(_ p: Person, _ part: RecordPart = .all, to emit: ([UInt8]) throws -> Void) rethrows {
        let addressing = p.name.addressing
        if part == .clearWrittenAddressOnly {
            try emit(clearWrittenAddress(p, addressing: addressing))
            return
        }
        var r = RecordBuffer(.personInformation, p.pnr)
        if let replacement = p.replacedBy { r.pnr(F001.replacedBy, replacement) }
        r.number(F001.status, p.status.rawValue)
        if let d = p.statusDate { r.stamp(F001.statusStart, d) }
        r.text(F001.sex, p.sex == .male ? "M" : "K")
        r.date(F001.birth, p.birthDate)
        if p.birthDateUncertain { r.text(F001.birthUncertain, "*") }
        r.date(F001.validFrom, p.numberValidFrom)
        if let to = p.numberValidTo { r.date(F001.validTo, to) }
        r.text(F001.occupation, p.occupation)
        try emit(r.bytes)

        if p.hasCurrentAddress, let a = p.address {
            var r = RecordBuffer(.currentAddress, p.pnr)
            r.number(F002.municipality, a.municipality)
            r.number(F002.road, a.roadCode)
            r.text(F002.houseNumber, a.houseNumber)
            r.text(F002.floor, a.floor)
            r.text(F002.door, a.door)
            r.text(F002.coName, a.coName)
            r.stamp(F002.movedIn, a.movedIn)
            r.stamp(F002.movedIntoMunicipality, a.movedIntoMunicipality)
            r.number(F002.previousMunicipality, a.previousMunicipality)
            if let d = a.leftPreviousMunicipality { r.stamp(F002.leftPreviousMunicipality, d) }
            try emit(r.bytes)
        }
        if part == .all { try emit(clearWrittenAddress(p, addressing: addressing)) }
        for protection in p.protections.sorted(by: { $0.type < $1.type }) {
            var r = RecordBuffer(.protection, p.pnr)
            r.number(F004.type, protection.type)
            r.date(F004.start, protection.start)
            try emit(r.bytes)
        }
        if let e = p.emigration {
            var r = RecordBuffer(.currentDeparture, p.pnr)
            r.number(F005.country, e.country)
            r.stamp(F005.date, e.date)
            for (i, line) in e.lines.prefix(5).enumerated() { r.text(F005.lines[i], line) }
            try emit(r.bytes)
        }
        if let c = p.contactAddress {
            var r = RecordBuffer(.contactAddress, p.pnr)
            for (i, line) in c.lines.prefix(5).enumerated() { r.text(F006.lines[i], line) }
            r.date(F006.start, c.start)
            try emit(r.bytes)
        }
        if let d = p.disappeared {
            var r = RecordBuffer(.currentDisappearance, p.pnr)
            r.stamp(F007.date, d)
            try emit(r.bytes)
        }
        r = RecordBuffer(.currentName, p.pnr)
        r.text(F008.first, p.name.first)
        r.text(F008.middle, p.name.middle)
        r.text(F008.last, p.name.last)
        r.stamp(F008.since, p.name.since)
        r.text(F008.addressing, addressing)
        try emit(r.bytes)

        r = RecordBuffer(.birthRegistration, p.pnr)
        r.text(F009.authority, p.birthAuthority)
        try emit(r.bytes)

        r = RecordBuffer(.currentCitizenship, p.pnr)
        r.number(F010.country, p.citizenship)
        r.stamp(F010.since, p.citizenshipSince)
        try emit(r.bytes)

        r = RecordBuffer(.churchInformation, p.pnr)
        r.text(F011.code, p.church)
        r.date(F011.since, p.churchSince)
        try emit(r.bytes)

        r = RecordBuffer(.currentCivilStatus, p.pnr)
        r.text(F012.code, p.civil.code)
        r.pnr(F012.spouse, p.civil.spouse ?? .none)
        if let b = p.civil.spouseBirth { r.date(F012.spouseBirth, b) }
        r.text(F012.spouseName, p.civil.spouseName)
        if let d = p.civil.since { r.stamp(F012.since, d) }
        if let s = p.separation { r.stamp(F012.separation, s) }
        try emit(r.bytes)

        if let s = p.separation {
            var r = RecordBuffer(.currentSeparation, p.pnr)
            r.stamp(F013.key, s)
            r.date(F013.start, s)
            try emit(r.bytes)
        }

        for child in p.children.sorted() {
            var r = RecordBuffer(.child, p.pnr)
            r.pnr(F014.child, child)
            try emit(r.bytes)
        }

        r = RecordBuffer(.parents, p.pnr)
        parent(p.mother, birth: p.birthDate, into: &r, F015.mother)
        parent(p.father, birth: p.birthDate, into: &r, F015.father)
        try emit(r.bytes)

        for c in p.custody.sorted(by: { $0.type < $1.type }) {
            var r = RecordBuffer(.parentalAuthority, p.pnr)
            r.number(F016.type, c.type)
            r.date(F016.start, c.start)
            try emit(r.bytes)
        }
        if let g = p.guardian {
            var r = RecordBuffer(.disempowerment, p.pnr)
            r.date(F017.start, g.start)
            r.number(F017.relationType, 1)  // guardian identified by PNR
            r.pnr(F017.guardian, g.pnr)
            r.date(F017.guardianSince, g.start)
            try emit(r.bytes)
        }
        try writeHistory(p, to: emit)
    }

    /// 003: for inactive persons only the addressing name (spec §6.1).
    static func clearWrittenAddress(_ p: Person, addressing: String? = nil) -> [UInt8] {
        var r = RecordBuffer(.clearWrittenAddress, p.pnr)
        r.text(F003.addressing, addressing ?? p.name.addressing)
        if p.hasCurrentAddress, let a = p.address {
            r.text(F003.coName, a.coName)
            r.text(F003.locality, a.locality)
            r.text(F003.standardAddress, a.standardAddress)
            r.text(F003.town, a.town)
            r.number(F003.postalCode, a.postalCode)
            r.text(F003.postalDistrict, a.postalDistrict)
            r.number(F003.municipality, a.municipality)
            r.number(F003.road, a.roadCode)
            r.text(F003.houseNumber, a.houseNumber)
            r.text(F003.floor, a.floor)
            r.text(F003.door, a.door)
            r.text(F003.roadAddressingName, a.roadAddressingName)
        }
        return r.bytes
    }

    private static func parent(_ parent: Parent, birth: Day, into r: inout RecordBuffer, _ f: F015.Parent) {
        switch parent {
        case .unknown:
            r.pnr(f.pnr, .none)
        case .pnr(let pnr):
            r.date(f.since, birth)
            r.pnr(f.pnr, pnr)
        case .named(let name, let parentBirth):
            r.date(f.since, birth)
            r.pnr(f.pnr, .none)
            r.date(f.birth, parentBirth)
            r.text(f.name, name)
        }
    }

    private static func writeHistory(_ p: Person, to emit: ([UInt8]) throws -> Void) rethrows {
        let h = p.history
        for n in h.numbers {
            var r = RecordBuffer(.historicalPNR, p.pnr)
            r.pnr(F022.old, n.pnr)
            r.date(F022.from, n.from)
            r.date(F022.to, n.to)
            try emit(r.bytes)
        }
        for a in h.addresses {
            var r = RecordBuffer(.historicalAddress, p.pnr)
            r.text(F023.annkor, a.annkor)
            r.number(F023.municipality, a.municipality)
            r.number(F023.road, a.roadCode)
            r.text(F023.houseNumber, a.houseNumber)
            r.text(F023.floor, a.floor)
            r.text(F023.door, a.door)
            r.text(F023.coName, a.coName)
            r.stamp(F023.movedIn, a.movedIn)
            r.stamp(F023.movedOut, a.movedOut)
            try emit(r.bytes)
        }
        for s in h.stays {
            var r = RecordBuffer(.historicalDeparture, p.pnr)
            r.text(F024.annkor, s.annkor)
            r.number(F024.departedTo, s.departedTo)
            if let d = s.departed { r.stamp(F024.departed, d) }
            r.number(F024.arrivedFrom, s.arrivedFrom)
            r.stamp(F024.arrived, s.arrived)
            for (i, line) in s.lines.prefix(5).enumerated() { r.text(F024.lines[i], line) }
            try emit(r.bytes)
        }
        for d in h.disappearances {
            var r = RecordBuffer(.historicalDisappearance, p.pnr)
            r.text(F025.annkor, d.annkor)
            r.stamp(F025.from, d.from)
            r.stamp(F025.found, d.found)
            try emit(r.bytes)
        }
        for n in h.names {
            var r = RecordBuffer(.historicalName, p.pnr)
            r.text(F026.annkor, n.annkor)
            r.text(F026.first, n.first)
            r.text(F026.middle, n.middle)
            r.text(F026.last, n.last)
            r.stamp(F026.from, n.from)
            r.stamp(F026.to, n.to)
            try emit(r.bytes)
        }
        for c in h.citizenships {
            var r = RecordBuffer(.historicalCitizenship, p.pnr)
            r.text(F027.annkor, c.annkor)
            r.number(F027.country, c.country)
            r.stamp(F027.from, c.from)
            r.stamp(F027.to, c.to)
            try emit(r.bytes)
        }
        for c in h.church {
            var r = RecordBuffer(.historicalChurchInformation, p.pnr)
            r.text(F028.code, c.code)
            r.date(F028.from, c.from)
            r.date(F028.to, c.to)
            try emit(r.bytes)
        }
        for c in h.civil {
            var r = RecordBuffer(.historicalCivilStatus, p.pnr)
            r.text(F029.annkor, c.annkor)
            r.text(F029.code, c.code)
            r.pnr(F029.spouse, c.spouse ?? .none)
            if let d = c.from { r.stamp(F029.from, d) }
            r.stamp(F029.to, c.to)
            try emit(r.bytes)
        }
        for s in h.separations {
            var r = RecordBuffer(.historicalSeparation, p.pnr)
            r.text(F030.annkor, s.annkor)
            r.stamp(F030.key, s.from)
            r.date(F030.from, s.from)
            r.date(F030.to, s.to)
            try emit(r.bytes)
        }
    }

    /// 099: one event for the person; `marker` is AFLEDTMRK (blank = main person).
    static func event(_ pnr: PNR, _ entry: ChangeLog.Entry) -> [UInt8] {
        var r = RecordBuffer(.event, pnr)
        r.stamp(F099.timestamp, entry.day, minuteOfDay: entry.minuteOfDay)
        r.text(F099.code, entry.code)
        r.text(F099.marker, entry.marker)
        return r.bytes
    }

    /// 997: receipt for a deleted PNR subscription.
    static func receipt(_ pnr: PNR, on day: Day, code: String) -> [UInt8] {
        var r = RecordBuffer(.subscriptionDeletionReceipt, pnr)
        r.stamp(F997.timestamp, day)
        r.text(F997.code, code)
        return r.bytes
    }

    /// Every record of `p` (tests and small files).
    static func records(_ p: Person, _ part: RecordPart = .all) -> [[UInt8]] {
        var result: [[UInt8]] = []
        write(p, part) { result.append($0) }
        return result
    }
}
