import CPRFormat
import NIOCore

/// PostgreSQL's binary dates (days since 2000-01-01) and timestamps (microseconds since
/// 2000-01-01 00:00 UTC) written as ISO 8601 text, without Foundation or a formatter: every
/// answer carries two of them.
enum PostgresTime {
    /// `YYYY-MM-DD`.
    static func writeDate(days: Int32, into buffer: inout ByteBuffer) {
        let (year, month, day) = Gregorian.date(daysSince1970: Int(days) + 10_957)
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
