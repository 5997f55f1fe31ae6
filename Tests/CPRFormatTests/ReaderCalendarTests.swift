import CPRFormat
import Testing

/// Dates must be real calendar dates, apart from the partial forms of spec §3
/// (month and/or day `00`); date-times also need hour 00-23 and minute 00-59,
/// or minute 99 for an unknown time. The reader and the value types agree.
@Suite struct ReaderCalendarTests {
    typealias F = ReaderFixtures

    /// A 001 with `FOED_DT` and `STATUSHAENSTART` set.
    private func person(birth: String = "1965-01-01", status: String = "196501011200") -> RecordWriter {
        var w = F.record(RecordLayouts.layout(for: .personInformation)!)
        w.set("FOED_DT", birth)
        w.set("STATUSHAENSTART", status)
        return w
    }

    private func personInformation(birth: String = "1965-01-01", status: String = "196501011200") -> [UInt8] {
        person(birth: birth, status: status).bytes
    }

    @Test(arguments: [
        "2000-02-29", "1992-02-29", "2024-02-29", "1991-02-28", "1991-04-30", "1991-12-31", "1991-01-31",
        // Partial dates, exactly as before: unknown month and/or day.
        "1991-00-31", "1991-02-00", "1991-00-00", "0000-00-31",
        "          ", "0000-00-00",
    ])
    func possibleDatesPass(_ date: String) throws {
        #expect(F.parseError(personInformation(birth: date)) == nil)
        if date != "          " && date != "0000-00-00" {
            #expect(CPRDate(date)?.iso == date)
        }
        for framing in [Framing.fixed, .lines] {
            let outcome = F.drain(F.file([person(birth: date)], framing: framing))
            #expect(outcome.error == nil, "\(framing): \(String(describing: outcome.error))")
        }
    }

    @Test(arguments: [
        ("1991-02-31", "day 31 in a month of 28 days"),
        ("1991-02-30", "day 30 in a month of 28 days"),
        ("1991-02-29", "day 29 in a month of 28 days"),
        ("1900-02-29", "day 29 in a month of 28 days"),
        ("2000-02-30", "day 30 in a month of 29 days"),
        ("1991-04-31", "day 31 in a month of 30 days"),
        ("1991-06-31", "day 31 in a month of 30 days"),
        ("1991-09-31", "day 31 in a month of 30 days"),
        ("1991-11-31", "day 31 in a month of 30 days"),
        ("1991-01-32", "day 32"),
        ("1991-00-32", "day 32"),
        ("1991-13-01", "month 13"),
    ])
    func impossibleDatesAreRejected(_ date: String, _ found: String) throws {
        let e = try #require(F.parseError(personInformation(birth: date), number: 4, offset: 500))
        #expect(e.kind == .badField)
        #expect(e.fieldName == "FOED_DT")
        #expect(e.recordNumber == 4 && e.byteOffset == 500)
        #expect(e.found == found)
        #expect(!e.description.contains(date))  // a birth date is personal data: described, not quoted
        #expect(CPRDate(date) == nil)
        #expect(CPRDate(year: Int(date.prefix(4))!, month: Int(date.dropFirst(5).prefix(2))!,
                        day: Int(date.suffix(2))!) == nil)
    }

    @Test(arguments: ["200111192359", "200111190000", "194100001299", "200111190099", "200002291200",
                      "199100311200", "199102001200", "000000000000"])
    func possibleDateTimesPass(_ value: String) throws {
        #expect(F.parseError(personInformation(status: value)) == nil)
        if value != "000000000000" { #expect(CPRDateTime(value)?.digits == value) }
    }

    @Test(arguments: [
        ("200111192400", "hour 24"),
        ("200111194512", "hour 45"),
        ("200111199999", "hour 99"),
        ("200111191260", "minute 60"),
        ("200111191277", "minute 77"),
        ("200111191298", "minute 98"),
        ("199102291200", "day 29 in a month of 28 days"),
        ("200104311200", "day 31 in a month of 30 days"),
        ("200113011200", "month 13"),
    ])
    func impossibleDateTimesAreRejected(_ value: String, _ found: String) throws {
        let e = try #require(F.parseError(personInformation(status: value)))
        #expect(e.kind == .badField)
        #expect(e.fieldName == "STATUSHAENSTART")
        #expect(e.found == found)
        #expect(CPRDateTime(value) == nil)
    }

    /// Every field of kind date or date-time in every layout is checked, in both framings.
    @Test func everyDateFieldOfEveryLayout() throws {
        for layout in F.everyBodyLayout {
            for (i, f) in layout.fields.enumerated() where f.kind == .date || f.kind == .dateTime {
                var w = F.record(layout)
                w.set(field: i, f.kind == .date ? "2023-02-29" : "202301012460")
                for framing in [Framing.fixed, .lines] {
                    let e = F.drain(F.file([w], framing: framing)).error
                    #expect(e?.kind == .badField && e?.fieldName == f.name, "\(layout.name) \(f.name) \(framing)")
                }
            }
        }
    }

    /// Reader and `CPRDate` / `CPRDateTime` agree, value by value, with an
    /// independent rule: month ≤ 12, day 00 or month 00 (day ≤ 31) or a day the month has.
    @Test func readerAndValueTypesAgree() throws {
        func daysIn(_ month: Int, _ year: Int) -> Int {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        }
        func plausible(_ y: Int, _ m: Int, _ d: Int) -> Bool {
            m <= 12 && d <= 31 && (d == 0 || m == 0 || d <= daysIn(m, y))
        }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var wrong: [String] = []
        for year in [4, 1900, 1991, 1992, 2000, 2100] {
            let yyyy = String(repeating: "0", count: 4 - "\(year)".count) + "\(year)"
            for month in 0...13 {
                for day in 0...32 {
                    let date = "\(yyyy)-\(two(month))-\(two(day))"
                    let expected = plausible(year, month, day)
                    if (F.parseError(personInformation(birth: date)) == nil) != expected { wrong.append("reader \(date)") }
                    if (CPRDate(date) != nil) != expected { wrong.append("CPRDate \(date)") }
                }
            }
        }
        for (hour, minute) in [(0, 0), (23, 59), (24, 0), (12, 60), (12, 98), (12, 99), (25, 99), (99, 99)] {
            let value = "20240229" + two(hour) + two(minute)
            let expected = hour <= 23 && (minute <= 59 || minute == 99)
            if (F.parseError(personInformation(status: value)) == nil) != expected { wrong.append("reader \(value)") }
            if (CPRDateTime(value) != nil) != expected { wrong.append("CPRDateTime \(value)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count): \(wrong.prefix(5))")
    }
}
