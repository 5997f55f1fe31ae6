import CPRFormat
import Testing

@Suite struct PNRTests {
    struct Born: CustomTestStringConvertible, Sendable {
        let pnr: String
        let year: Int, month: Int, day: Int
        var testDescription: String { pnr }
    }

    // Century table of spec §11, with both sides of each YY threshold.
    @Test(arguments: [
        // Sample persons of spec §9.
        Born(pnr: "0101965058", year: 1896, month: 1, day: 1),
        Born(pnr: "3012995007", year: 1899, month: 12, day: 30),
        Born(pnr: "3112000010", year: 1900, month: 12, day: 31),
        Born(pnr: "0101980014", year: 1998, month: 1, day: 1),
        // Digit 7 = 0…3: always 1900s.
        Born(pnr: "0101003000", year: 1900, month: 1, day: 1),
        Born(pnr: "0101993999", year: 1999, month: 1, day: 1),
        // Digit 7 = 4 or 9: YY ≤ 36 → 2000s, else 1900s.
        Born(pnr: "0101364000", year: 2036, month: 1, day: 1),
        Born(pnr: "0101374000", year: 1937, month: 1, day: 1),
        Born(pnr: "1506369999", year: 2036, month: 6, day: 15),
        Born(pnr: "1506379999", year: 1937, month: 6, day: 15),
        // Digit 7 = 5…8: YY ≤ 57 → 2000s, else 1800s.
        Born(pnr: "0101575000", year: 2057, month: 1, day: 1),
        Born(pnr: "0101585000", year: 1858, month: 1, day: 1),
        Born(pnr: "0101578999", year: 2057, month: 1, day: 1),
        Born(pnr: "0101588999", year: 1858, month: 1, day: 1),
        // 2000 is a leap year, 1900 is not (below).
        Born(pnr: "2902004000", year: 2000, month: 2, day: 29),
    ])
    func birthDateFollowsCenturyRule(_ c: Born) throws {
        let pnr = try #require(PNR(c.pnr))
        let date = try #require(pnr.birthDate)
        #expect(date.year == c.year)
        #expect(date.month == c.month)
        #expect(date.day == c.day)
    }

    @Test(arguments: [
        "3202901234",  // day 32
        "0013901234",  // month 13
        "0100901234",  // month 00
        "0001901234",  // day 00
        "6101901234",  // replacement number (day + 60)
        "3104901234",  // 31 April
        "2902001234",  // 29 Feb 1900: not a leap year
        "0000000000",
    ])
    func impossibleDatesHaveNoBirthDate(_ s: String) throws {
        let pnr = try #require(PNR(s))
        #expect(pnr.birthDate == nil)
    }

    @Test func modulus11IsInformationOnly() throws {
        #expect(try #require(PNR("0101965058")).satisfiesModulus11)
        #expect(try #require(PNR("0709610015")).satisfiesModulus11)
        #expect(try #require(PNR("1012620000")).satisfiesModulus11)
        // Fails the check digit, yet is a valid, constructible PNR.
        let noMod11 = try #require(PNR("0101965059"))
        #expect(!noMod11.satisfiesModulus11)
        #expect(!(try #require(PNR("1012620001"))).satisfiesModulus11)
    }

    @Test func sexFromLastDigit() throws {
        #expect(try #require(PNR("0101965058")).sex == .female)
        #expect(try #require(PNR("3112000010")).sex == .female)
        #expect(try #require(PNR("0709610015")).sex == .male)
        #expect(try #require(PNR("1012620001")).sex == .male)
    }

    @Test(arguments: [
        "", "010196505", "01019650588", "010196-5058", "0101-965058", "01019650a8",
        " 101965058", "010196505 ", "0101965058\n", "０１０１９６５０５８", "+101965058",
    ])
    func rejectsAnythingButTenASCIIDigits(_ s: String) {
        #expect(PNR(s) == nil)
        #expect(PNR(bytes: Array(s.utf8)) == nil)
    }

    @Test func rejectsBytesJustOutsideTheDigitRange() {
        var bytes = Array("0101965058".utf8)
        bytes[9] = 0x2F  // '/'
        #expect(PNR(bytes: bytes) == nil)
        bytes[9] = 0x3A  // ':'
        #expect(PNR(bytes: bytes) == nil)
    }

    @Test func acceptsSlicesOfARecord() throws {
        let record = Array("0010101965058".utf8)
        let pnr = try #require(PNR(bytes: record[3..<13]))
        #expect(pnr.digits == "0101965058")
        #expect(PNR(Substring("xx0101965058xx").dropFirst(2).dropLast(2)) == pnr)
    }

    @Test func digitsKeepLeadingZeros() throws {
        let pnr = try #require(PNR("0101965058"))
        #expect(pnr.digits == "0101965058")
        #expect(pnr.description == "0101965058")
        #expect("\(pnr)" == "0101965058")
        #expect(pnr.value == 101_965_058)
    }

    @Test func noneIsAllZeros() throws {
        let none = try #require(PNR("0000000000"))
        #expect(none.isNone)
        #expect(none == PNR.none)
        #expect(PNR.none.digits == "0000000000")
        #expect(!(try #require(PNR("0000000001"))).isNone)
    }

    @Test func numericValueBounds() {
        #expect(PNR(value: 9_999_999_999)?.digits == "9999999999")
        #expect(PNR(value: 10_000_000_000) == nil)
        #expect(PNR(value: 42)?.digits == "0000000042")
    }

    @Test func orderMatchesDigitStringOrder() throws {
        let strings = ["3112000010", "0101965058", "0101980014", "3012995007", "0000000000", "0709610015"]
        let sorted = try strings.map { try #require(PNR($0)) }.sorted().map(\.digits)
        #expect(sorted == strings.sorted())
    }

    @Test func hashableDeduplicates() throws {
        let a = try #require(PNR("0101965058"))
        let b = try #require(PNR(bytes: Array("0101965058".utf8)))
        #expect(Set([a, b]).count == 1)
    }
}
