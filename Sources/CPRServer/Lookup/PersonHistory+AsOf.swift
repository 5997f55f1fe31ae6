import CPRFormat

extension PersonHistory {
    /// The person as they stood on `day`: address, name, citizenship and civil status from
    /// the current records where those had begun by then, else from the history record in
    /// force that day. Other fields (status, protection, relations) are as of now. nil when
    /// the person was not yet born.
    func snapshot(of pnr: PNR, on day: CPRDate) -> PersonSnapshot? {
        var builder = PersonSnapshotBuilder(pnr: pnr)
        for record in records { builder.add(record) }
        let now = builder.finish()
        if let birth = now.birthDate.flatMap({ CPRDate($0) }), day < birth { return nil }

        // A historical record without its ANNKOR byte is the current record of its kind, so
        // the builder that makes today's person can make that day's.
        var pastAddress: Address?, dropAddress = false
        if Self.began(after: day, now.address.map { $0.movedIn }) {
            pastAddress = addresses.last { Self.covers($0.from, $0.to, day) }
            dropAddress = pastAddress == nil
        }
        if let pastAddress, let record = pastAddress.record.asCurrent("002", length: 82) { builder.add(record) }
        var dropCitizenship = false
        if Self.began(after: day, now.citizenship.map { $0.since }) {
            if let past = citizenships.last(where: { Self.covers($0.from, $0.to, day) }),
               let record = past.record.asCurrent("010", length: 30) {
                builder.add(record)
            } else {
                dropCitizenship = true
            }
        }
        var dropCivilStatus = false
        if Self.began(after: day, now.civilStatus.map { $0.since }) {
            if let past = civilStatuses.last(where: { Self.covers($0.from, $0.to, day) }),
               let record = past.record.asCurrent("012", length: 83) {
                builder.add(record)
            } else {
                dropCivilStatus = true
            }
        }

        var person = builder.finish()
        if pastAddress != nil, person.address != nil {
            // 023 has no clear-written part, and today's does not describe the old address.
            person.address!.roadName = ""
            person.address!.postalCode = ""
            person.address!.postalDistrict = ""
            person.address!.locality = ""
        }
        if dropAddress { person.address = nil }
        if dropCitizenship { person.citizenship = nil }
        if dropCivilStatus { person.civilStatus = nil }
        if let since = currentNameSince, day < since, let past = names.last(where: { Self.covers($0.from, $0.to, day) }) {
            person.name.first = past.first
            person.name.middle = past.middle
            person.name.last = past.last
            person.name.addressing = ""
        }
        return person
    }

    /// Whether a current datum that started on `start` (ISO text) had not begun by `day`.
    /// Present with an unknown start: assume it had (nothing better to show).
    private static func began(after day: CPRDate, _ start: String??) -> Bool {
        guard let start else { return true }  // no current datum: history decides
        guard let start, let date = CPRDate(start) else { return false }
        return day < date
    }

    static func covers(_ from: CPRDate?, _ to: CPRDate?, _ day: CPRDate) -> Bool {
        (from.map { $0 <= day } ?? true) && (to.map { day < $0 } ?? true)
    }
}

extension Record {
    /// This historical record (023, 026, 027, 029) as the current record of its kind
    /// (002, 008, 010, 012): their layouts agree once ANNKOR (position 14) is taken out.
    /// `length` is how much of the current layout the historical one fills; the rest is
    /// filled as "nothing" (zeros in numeric fields, blanks elsewhere) so the record parses.
    func asCurrent(_ code: String, length: Int) -> Record? {
        guard let type = RecordType(code: Int(code) ?? -1), let layout = RecordLayouts.layout(for: type),
              bytes.count >= 13
        else { return nil }
        var line = [UInt8](repeating: UInt8(ascii: " "), count: layout.length)
        for field in layout.fields where field.kind == .numeric {
            line.replaceSubrange(field.range, with: repeatElement(UInt8(ascii: "0"), count: field.length))
        }
        let start = bytes.startIndex
        line.replaceSubrange(0..<3, with: code.utf8)
        line.replaceSubrange(3..<13, with: bytes[(start + 3)..<(start + 13)])
        var padded = Array(bytes)
        if padded.count < length + 1 { padded += repeatElement(UInt8(ascii: " "), count: length + 1 - padded.count) }
        line.replaceSubrange(13..<length, with: padded[14..<(length + 1)])
        return try? Record(parsing: line)
    }
}
