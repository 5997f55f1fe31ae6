/// A CPR date-time `YYYYMMDDHHMM` (spec §3). The date part may be partial
/// (month/day `00`); minute `99` means the time of day is unknown.
public struct CPRDateTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let date: CPRDate
    @usableFromInline let h: UInt8
    @usableFromInline let mi: UInt8

    /// 0…23.
    @inlinable public var hour: Int { Int(h) }
    /// 0…59, or 99 when the time is unknown.
    @inlinable public var minute: Int { Int(mi) }

    /// Minute `99`: CPR knows the date (as far as `date` says) but not the time.
    public var isTimeUnknown: Bool { mi == 99 }

    /// nil unless hour is 0…23 and minute 0…59 or 99 (time unknown).
    public init?(date: CPRDate, hour: Int, minute: Int) {
        guard Self.isPlausibleTime(hour: hour, minute: minute) else { return nil }
        self.date = date
        h = UInt8(hour)
        mi = UInt8(minute)
    }

    /// Hour 00…23 and minute 00…59, or minute 99 for an unknown time (spec §3;
    /// the format has no seconds).
    @inlinable
    public static func isPlausibleTime(hour: Int, minute: Int) -> Bool {
        hour >= 0 && hour <= 23 && minute >= 0 && (minute <= 59 || minute == 99)
    }

    /// A 12-byte `YYYYMMDDHHMM` field. nil when blank, `000000000000` (CPR's
    /// "none"), not 12 digits, or not plausible: the date part as `CPRDate`
    /// (partial dates allowed, 1991-02-31 not), hour 00…23, minute 00…59 or 99.
    @inlinable
    public init?(field bytes: some Collection<UInt8>) {
        guard bytes.count == 12 else { return nil }
        var value: UInt64 = 0
        for b in bytes {
            let v = b &- 0x30
            guard v < 10 else { return nil }
            value = value &* 10 &+ UInt64(v)
        }
        guard value != 0 else { return nil }
        let year = Int(value / 100_000_000)
        let month = Int(value / 1_000_000 % 100)
        let day = Int(value / 10_000 % 100)
        let hour = Int(value / 100 % 100)
        let minute = Int(value % 100)
        guard Gregorian.isPlausibleCPRDate(year: year, month: month, day: day),
              Self.isPlausibleTime(hour: hour, minute: minute)
        else { return nil }
        date = CPRDate(unchecked: year, month, day)
        h = UInt8(truncatingIfNeeded: hour)
        mi = UInt8(truncatingIfNeeded: minute)
    }

    /// `"194100001299"` → 1941-00-00, 12 o'clock, unknown minute.
    @inlinable
    public init?(_ digits: some StringProtocol) {
        self.init(field: digits.utf8)
    }

    /// `YYYYMMDDHHMM` exactly as CPR writes it.
    public var digits: String {
        String(unsafeUninitializedCapacity: 12) { out in
            writeDigits(date.year, width: 4, into: out, at: 0)
            writeDigits(date.month, width: 2, into: out, at: 4)
            writeDigits(date.day, width: 2, into: out, at: 6)
            writeDigits(Int(h), width: 2, into: out, at: 8)
            writeDigits(Int(mi), width: 2, into: out, at: 10)
            return 12
        }
    }

    public var description: String { digits }

    public static func < (lhs: CPRDateTime, rhs: CPRDateTime) -> Bool {
        (lhs.date, lhs.h, lhs.mi) < (rhs.date, rhs.h, rhs.mi)
    }
}
