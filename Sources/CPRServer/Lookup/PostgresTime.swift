import NIOCore

/// PostgreSQL's binary dates (days since 2000-01-01) and timestamps (microseconds since
/// 2000-01-01 00:00 UTC) written as ISO 8601 text, without Foundation or a formatter: every
/// answer carries two of them.
enum PostgresTime {
    /// `YYYY-MM-DD`.
    static func writeDate(days: Int32, into buffer: inout ByteBuffer) {
        let (year, month, day) = civil(daysSince1970: Int(days) + 10_957)
        writeDigits(year, count: 4, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeDigits(month, count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeDigits(day, count: 2, into: &buffer)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the fraction cut off.
    static func writeTimestamp(microseconds: Int64, into buffer: inout ByteBuffer) {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = Int(seconds - days * 86_400)
        writeDate(days: Int32(truncatingIfNeeded: days), into: &buffer)
        buffer.writeInteger(UInt8(ascii: "T"))
        writeDigits(inDay / 3600, count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeDigits(inDay / 60 % 60, count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeDigits(inDay % 60, count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "Z"))
    }

    /// Year, month, day of a day count since 1970-01-01 in the proleptic Gregorian calendar
    /// (Howard Hinnant's days-to-civil arithmetic).
    static func civil(daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func writeDigits(_ value: Int, count: Int, into buffer: inout ByteBuffer) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
