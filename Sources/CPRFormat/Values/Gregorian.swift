/// Day arithmetic in the proleptic Gregorian calendar, with days counted from 1970-01-01
/// (Howard Hinnant's days_from_civil and civil_from_days): one copy for the parser, the
/// generator and the query server.
public enum Gregorian {
    @inlinable
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A date as CPR may write it (spec §3): month 0…12 and day 0…31, `00` meaning
    /// unknown; a known day of a known month must exist in that month (leap years
    /// included). With the month unknown any day 00…31 passes.
    @inlinable
    public static func isPlausibleCPRDate(year: Int, month: Int, day: Int) -> Bool {
        guard month >= 0, month <= 12, day >= 0 else { return false }
        if day <= 28 { return true }
        return day <= (month == 0 ? 31 : daysIn(month: month, year: year))
    }

    /// Days since 1970-01-01 (negative before).
    public static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` after 1970-01-01.
    public static func date(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
