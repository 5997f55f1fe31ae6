import CPRFormat

/// A date parameter (`asOf`, `birthDate`): YYYY-MM-DD naming a day that exists.
enum CalendarDate {
    static func parse(_ text: String) -> CPRDate? {
        guard let date = CPRDate(text), date.isComplete, date.iso == text,
              date.day <= Gregorian.daysIn(month: date.month, year: date.year)
        else { return nil }
        return date
    }
}
