/// A CPR date `YYYY-MM-DD` (spec §3). Month or day `00` means unknown, as CPR
/// writes partial dates ("1941-00-00"), so this is not always a calendar date: it
/// keeps exactly what CPR wrote and `iso` gives it back unchanged. A known day of
/// a known month must exist, though: 1991-02-31 is rejected, 1991-00-31 is not.
public struct CPRDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    @usableFromInline let y: UInt16
    @usableFromInline let m: UInt8
    @usableFromInline let d: UInt8

    /// 0…9999.
    @inlinable public var year: Int { Int(y) }
    /// 1…12, or 0 when unknown.
    @inlinable public var month: Int { Int(m) }
    /// 1…31, or 0 when unknown.
    @inlinable public var day: Int { Int(d) }

    @usableFromInline
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        y = UInt16(truncatingIfNeeded: year)
        m = UInt8(truncatingIfNeeded: month)
        d = UInt8(truncatingIfNeeded: day)
    }

    /// nil outside year 0…9999, month 0…12, day 0…31 (0 = unknown), or for a
    /// day the month does not have (Gregorian.isPlausibleCPRDate).
    public init?(year: Int, month: Int, day: Int) {
        guard (0...9999).contains(year), Gregorian.isPlausibleCPRDate(year: year, month: month, day: day) else {
            return nil
        }
        self.init(unchecked: year, month, day)
    }

    /// A 10-byte `YYYY-MM-DD` field. nil when blank, `0000-00-00`, not of that
    /// form, or not a plausible date (month ≤ 12, a day the month has; `00` for
    /// unknown parts). The reader has already rejected malformed dates, so from a
    /// record nil means "no date".
    @inlinable
    public init?(field bytes: some Collection<UInt8>) {
        guard bytes.count == 10 else { return nil }
        var digits = (0, 0, 0)  // year, month, day
        var allZero = true
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            let v = b &- 0x30
            guard v < 10 else { return nil }
            if v != 0 { allZero = false }
            switch i {
            case 0..<4: digits.0 = digits.0 &* 10 &+ Int(v)
            case 5..<7: digits.1 = digits.1 &* 10 &+ Int(v)
            default: digits.2 = digits.2 &* 10 &+ Int(v)
            }
        }
        guard !allZero, Gregorian.isPlausibleCPRDate(year: digits.0, month: digits.1, day: digits.2) else {
            return nil
        }
        self.init(unchecked: digits.0, digits.1, digits.2)
    }

    /// `"1941-00-00"` → a date with unknown month and day.
    @inlinable
    public init?(_ iso: some StringProtocol) {
        self.init(field: iso.utf8)
    }

    public var isMonthKnown: Bool { m != 0 }
    public var isDayKnown: Bool { d != 0 }
    /// Year, month and day all known.
    public var isComplete: Bool { y != 0 && m != 0 && d != 0 }

    /// `YYYY-MM-DD` exactly as CPR writes it, `00` for unknown parts.
    public var iso: String {
        String(unsafeUninitializedCapacity: 10) { out in
            writeDigits(Int(y), width: 4, into: out, at: 0)
            out[4] = UInt8(ascii: "-")
            writeDigits(Int(m), width: 2, into: out, at: 5)
            out[7] = UInt8(ascii: "-")
            writeDigits(Int(d), width: 2, into: out, at: 8)
            return 10
        }
    }

    /// ISO 8601 as the query API answers it: a partial date in reduced precision, `1941`
    /// when the month is unknown, `1941-03` when only the day is; `YYYY-MM-DD` otherwise.
    /// (`1941-00-00` is not ISO 8601, and no calendar parser takes it.)
    public var iso8601: String {
        guard m != 0 else { return String(iso.prefix(4)) }
        guard d != 0 else { return String(iso.prefix(7)) }
        return iso
    }

    /// A date the snapshot keeps as CPR wrote it (`iso`), in the API's ISO 8601 form. Runs
    /// for every date of every document a load writes: only a `00` month or day is touched.
    public static func iso8601(_ cprText: String?) -> String? {
        guard let cprText else { return nil }
        let utf8 = cprText.utf8
        guard utf8.count == 10 else { return cprText }
        func isZero(_ offset: Int) -> Bool {
            let index = utf8.index(utf8.startIndex, offsetBy: offset)
            return utf8[index] == UInt8(ascii: "0") && utf8[utf8.index(after: index)] == UInt8(ascii: "0")
        }
        if isZero(5) { return String(cprText.prefix(4)) }
        if isZero(8) { return String(cprText.prefix(7)) }
        return cprText
    }

    public var description: String { iso }

    /// Orders as the ISO strings do: an unknown month sorts before January.
    public static func < (lhs: CPRDate, rhs: CPRDate) -> Bool {
        (lhs.y, lhs.m, lhs.d) < (rhs.y, rhs.m, rhs.d)
    }
}

/// Zero-padded decimal digits of `value` into `out[at..<at+width]`.
@usableFromInline
func writeDigits(_ value: Int, width: Int, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
    var v = value
    for i in stride(from: start + width - 1, through: start, by: -1) {
        out[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
        v /= 10
    }
}
