import CPRFormat
import Testing

@Suite struct CPRDateTests {
    @Test func fullDateRoundTrips() throws {
        let d = try #require(CPRDate("2001-11-19"))
        #expect((d.year, d.month, d.day) == (2001, 11, 19))
        #expect(d.isComplete)
        #expect(d.iso == "2001-11-19")
    }

    @Test func partialDatesKeepTheirZeros() throws {
        let yearOnly = try #require(CPRDate("1941-00-00"))
        #expect((yearOnly.year, yearOnly.month, yearOnly.day) == (1941, 0, 0))
        #expect(!yearOnly.isMonthKnown && !yearOnly.isDayKnown && !yearOnly.isComplete)
        #expect(yearOnly.iso == "1941-00-00")
        let noDay = try #require(CPRDate("1941-05-00"))
        #expect(noDay.isMonthKnown && !noDay.isDayKnown)
        #expect(noDay.description == "1941-05-00")
    }

    @Test(arguments: ["          ", "0000-00-00", "", "2001-11-1", "2001/11/19", "2001-13-01", "2001-11-32", "20a1-11-19"])
    func blankZeroOrMalformedIsNil(_ text: String) {
        #expect(CPRDate(text) == nil)
    }

    @Test func ordersLikeTheISOString() throws {
        let a = try #require(CPRDate("1941-00-00"))
        let b = try #require(CPRDate("1941-01-01"))
        let c = try #require(CPRDate("1942-00-00"))
        #expect(a < b && b < c)
    }

    @Test func memberwiseInitChecksRanges() {
        #expect(CPRDate(year: 1941, month: 0, day: 0)?.iso == "1941-00-00")
        #expect(CPRDate(year: 1941, month: 13, day: 1) == nil)
        #expect(CPRDate(year: 10_000, month: 1, day: 1) == nil)
        // A known day of a known month must exist; partial dates are kept as they are.
        #expect(CPRDate(year: 1991, month: 2, day: 31) == nil)
        #expect(CPRDate(year: 1991, month: 2, day: 29) == nil)
        #expect(CPRDate(year: 1992, month: 2, day: 29)?.iso == "1992-02-29")
        #expect(CPRDate(year: 1991, month: 0, day: 31)?.iso == "1991-00-31")
        #expect(CPRDate(year: 1991, month: 2, day: 0)?.iso == "1991-02-00")
    }

    @Test(arguments: ["1991-02-31", "1991-02-29", "1900-02-29", "2023-04-31", "2023-11-31"])
    func impossibleDayIsNil(_ text: String) {
        #expect(CPRDate(text) == nil)
    }
}

@Suite struct CPRDateTimeTests {
    @Test func minute99MeansUnknownTime() throws {
        let t = try #require(CPRDateTime("194100001299"))
        #expect(t.date.iso == "1941-00-00")
        #expect(t.hour == 12 && t.minute == 99)
        #expect(t.isTimeUnknown)
        #expect(t.digits == "194100001299")
    }

    @Test func ordinaryTimeIsKnown() throws {
        let t = try #require(CPRDateTime("200111191230"))
        #expect(t.date == CPRDate("2001-11-19"))
        #expect((t.hour, t.minute) == (12, 30))
        #expect(!t.isTimeUnknown)
        #expect(t.description == "200111191230")
    }

    @Test(arguments: ["000000000000", "            ", "", "20011119123", "2001111912a0", "200113191230", "200111321230"])
    func noneOrMalformedIsNil(_ text: String) {
        #expect(CPRDateTime(text) == nil)
    }

    @Test(arguments: ["200111192400", "200111194512", "200111191277", "200111191260", "199102311200", "199102291200"])
    func impossibleTimeOrDateIsNil(_ text: String) {
        #expect(CPRDateTime(text) == nil)
    }

    @Test func memberwiseInitChecksTheTime() throws {
        let day = try #require(CPRDate("2001-11-19"))
        #expect(CPRDateTime(date: day, hour: 23, minute: 59)?.digits == "200111192359")
        #expect(CPRDateTime(date: day, hour: 12, minute: 99)?.isTimeUnknown == true)
        #expect(CPRDateTime(date: day, hour: 24, minute: 0) == nil)
        #expect(CPRDateTime(date: day, hour: 12, minute: 60) == nil)
        #expect(CPRDateTime(date: day, hour: -1, minute: 0) == nil)
    }

    @Test func ordersByDateThenTime() throws {
        let a = try #require(CPRDateTime("200111190000"))
        let b = try #require(CPRDateTime("200111191230"))
        let c = try #require(CPRDateTime("200111200000"))
        #expect(a < b && b < c)
    }
}

@Suite struct MarkerTests {
    @Test func uncertaintyFromItsByte() {
        #expect(Uncertainty(rawValue: UInt8(ascii: " ")) == .certain)
        #expect(Uncertainty(rawValue: UInt8(ascii: "*")) == .uncertain)
        #expect(Uncertainty(rawValue: UInt8(ascii: "+")) == nil)
    }

    @Test func nameMarkersFromTheirBytes() {
        #expect(NameMarker(rawValue: UInt8(ascii: " ")) == NameMarker.none)
        #expect(NameMarker(rawValue: UInt8(ascii: "+")) == .abbreviated)
        #expect(NameMarker(rawValue: UInt8(ascii: "*")) == .unreportableCharacters)
        #expect(NameMarker(rawValue: UInt8(ascii: "=")) == .insufficientlyDocumented)
        #expect(NameMarker(rawValue: UInt8(ascii: "A")) == nil)
    }

    @Test func annkorIncludesLatin1AE() {
        #expect(Annkor(rawValue: UInt8(ascii: " ")) == .valid)
        #expect(Annkor(rawValue: UInt8(ascii: "A")) == .annulled)
        #expect(Annkor(rawValue: UInt8(ascii: "K")) == .corrected)
        #expect(Annkor(rawValue: 0xC6) == .technicalChange)
        #expect(Annkor.technicalChange.description == "Æ")
        #expect(Annkor(rawValue: UInt8(ascii: "a")) == nil)
    }
}

@Suite struct ProductionDateTests {
    @Test func parsesYYYYMMDD() throws {
        let d = try #require(ProductionDate("20011119"))
        #expect(d.components == (2001, 11, 19))
        #expect(d.yyyymmdd == "20011119")
        #expect(d.iso == "2001-11-19")
    }

    @Test(arguments: ["00000000", "20010230", "20011300", "2001111", "2001111a", "        "])
    func zeroOrImpossibleIsNil(_ text: String) {
        #expect(ProductionDate(text) == nil)
    }

    @Test func leapDay() {
        #expect(ProductionDate("20240229") != nil)
        #expect(ProductionDate("20230229") == nil)
    }
}

@Suite struct FieldValueTests {
    @Test func descriptionShowsTheValueOrNothing() throws {
        #expect(FieldValue.text("Ærø").description == "Ærø")
        #expect(FieldValue.code("0101").description == "0101")
        #expect(FieldValue.date(nil).description == "")
        #expect(FieldValue.date(CPRDate("1941-00-00")).description == "1941-00-00")
        #expect(FieldValue.pnr(PNR("0101965058")).description == "0101965058")
        #expect(FieldValue.annkor(.technicalChange).description == "Æ")
    }
}
