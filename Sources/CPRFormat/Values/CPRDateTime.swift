/// A CPR date-time `YYYYMMDDHHMM` (spec §3). The date part may be partial
/// (month/day `00`); minute `99` means the time of day is unknown.
public struct CPRDateTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let date: CPRDate
    @usableFromInline let h: UInt8
    @usableFromInline let mi: UInt8

    /// 0…99 as written (CPR uses 00…23).
    @inlinable public var hour: Int { Int(h) }
    /// 0…59, or 99 when the time is unknown.
    @inlinable public var minute: Int { Int(mi) }

    /// Minute `99`: CPR knows the date (as far as `date` says) but not the time.
    public var isTimeUnknown: Bool { mi == 99 }

    /// nil when hour or minute is outside 0…99.
    public init?(date: CPRDate, hour: Int, minute: Int) {
        guard (0...99).contains(hour), (0...99).contains(minute) else { return nil }
        self.date = date
        h = UInt8(hour)
        mi = UInt8(minute)
    }

    /// A 12-byte `YYYYMMDDHHMM` field. nil when blank, `000000000000` (CPR's
    /// "none"), or not 12 digits with month ≤ 12 and day ≤ 31.
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
        guard month <= 12, day <= 31 else { return nil }
        date = CPRDate(unchecked: year, month, day)
        h = UInt8(truncatingIfNeeded: value / 100 % 100)
        mi = UInt8(truncatingIfNeeded: value % 100)
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
