import CPRFormat

/// A date parameter (`asOf`, `birthDate`): YYYY-MM-DD naming a day that exists.
enum CalendarDate {
    static func parse(_ text: String) -> CPRDate? {
        guard let date = CPRDate(text), date.isComplete, date.iso == text,
              date.day <= daysIn(month: date.month, year: date.year)
        else { return nil }
        return date
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
