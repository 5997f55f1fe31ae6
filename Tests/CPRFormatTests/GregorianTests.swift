import CPRFormat
import Testing

@Suite struct GregorianTests {
    @Test func knownDays() {
        #expect(Gregorian.daysSince1970(year: 1970, month: 1, day: 1) == 0)
        #expect(Gregorian.daysSince1970(year: 2000, month: 1, day: 1) == 10_957)
        #expect(Gregorian.daysSince1970(year: 1969, month: 12, day: 31) == -1)
        #expect(Gregorian.date(daysSince1970: 19_782) == (2024, 2, 29))
        #expect(Gregorian.date(daysSince1970: -25_508) == (1900, 3, 1))
    }

    @Test func daysAndDatesRoundTripOverSixThousandYears() {
        var previous = Gregorian.date(daysSince1970: -1_100_001)
        for days in -1_100_000...1_100_000 {
            let date = Gregorian.date(daysSince1970: days)
            #expect(Gregorian.daysSince1970(year: date.year, month: date.month, day: date.day) == days)
            // Consecutive: the next day of the month, or the first of the next month.
            let next = date.day > 1 ? date.day == previous.day + 1 && date.month == previous.month
                : previous.day == Gregorian.daysIn(month: previous.month, year: previous.year)
            #expect(next, "\(date)")
            if !next { return }
            previous = date
        }
    }

    @Test func februaryFollowsTheLeapYearRule() {
        #expect(Gregorian.daysIn(month: 2, year: 2024) == 29)
        #expect(Gregorian.daysIn(month: 2, year: 1900) == 28)
        #expect(Gregorian.daysIn(month: 2, year: 2000) == 29)
        #expect(Gregorian.daysIn(month: 2, year: 2023) == 28)
        #expect(Gregorian.daysIn(month: 4, year: 2023) == 30)
    }
}
