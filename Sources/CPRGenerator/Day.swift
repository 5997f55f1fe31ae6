import CPRFormat

/// A calendar day (proleptic Gregorian), counted from 1970-01-01. CPR files carry
/// dates as `YYYY-MM-DD` and date-times as `YYYYMMDDHHMM`; this type writes both.
struct Day: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01 (negative before).
    let number: Int

    init(number: Int) {
        self.number = number
    }

    init(year: Int, month: Int, day: Int) {
        number = Gregorian.daysSince1970(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD` naming a real date.
    init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Gregorian.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    var ymd: (year: Int, month: Int, day: Int) { Gregorian.date(daysSince1970: number) }

    var year: Int { ymd.year }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    var weekday: Int { ((number % 7) + 7 + 3) % 7 }
    var isWeekday: Bool { weekday < 5 }

    func adding(days: Int) -> Day { Day(number: number + days) }

    /// The same day and month `years` later (29 February becomes 28 February).
    func adding(years: Int) -> Day {
        let (y, m, d) = ymd
        return Day(year: y + years, month: m, day: min(d, Gregorian.daysIn(month: m, year: y + years)))
    }

    /// The next weekday strictly after this day.
    var nextWeekday: Day {
        var day = adding(days: 1)
        while !day.isWeekday { day = day.adding(days: 1) }
        return day
    }

    /// Whole years from this day to `day` (an age when self is a birth date).
    func years(until day: Day) -> Int {
        let (y1, m1, d1) = ymd
        let (y2, m2, d2) = day.ymd
        return y2 - y1 - ((m2, d2) < (m1, d1) ? 1 : 0)
    }

    /// `YYYY-MM-DD`.
    var iso: String {
        let (y, m, d) = ymd
        return Digits.pad(y, 4) + "-" + Digits.pad(m, 2) + "-" + Digits.pad(d, 2)
    }

    /// `YYYYMMDD`.
    var compact: String {
        let (y, m, d) = ymd
        return Digits.pad(y * 10_000 + m * 100 + d, 8)
    }

    /// `YYYYMMDDHHMM`; modern CPR files carry `0000` as the time (spec §3).
    func stamp(minuteOfDay: Int = 0) -> String {
        compact + Digits.pad(minuteOfDay / 60 * 100 + minuteOfDay % 60, 4)
    }


    static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }
}

enum Digits {
    /// `value` as exactly `width` decimal digits, zero-filled.
    static func pad(_ value: Int, _ width: Int) -> String {
        precondition(value >= 0, "negative value")
        var v = value
        return String(unsafeUninitializedCapacity: width) { buffer in
            for i in stride(from: width - 1, through: 0, by: -1) {
                buffer[i] = UInt8(v % 10) + 0x30
                v /= 10
            }
            return width
        }
    }
}
