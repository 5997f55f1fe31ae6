/// Sex as encoded by the last digit of a CPR number (spec §11).
public enum Sex: Sendable, Hashable {
    case male
    case female
}

/// A CPR number (personnummer): exactly 10 ASCII digits, no hyphen (spec §3, §11).
///
/// Stored as its numeric value so it is one machine word; the digit string is
/// rebuilt on demand. Numeric order equals the order of the 10-digit strings.
public struct PNR: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 10 digits read as one decimal number (0…9 999 999 999); fits a PostgreSQL bigint.
    public let value: UInt64

    /// `0000000000`: CPR's "no PNR" in relation fields (spouse, mother, father).
    public static let none = PNR(uncheckedValue: 0)

    @usableFromInline
    init(uncheckedValue: UInt64) {
        value = uncheckedValue
    }

    /// A PNR from its numeric value; nil above 9 999 999 999.
    public init?(value: UInt64) {
        guard value <= 9_999_999_999 else { return nil }
        self.value = value
    }

    /// Accepts exactly 10 ASCII digits and nothing else (no hyphen, no blanks).
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 10 else { return nil }
        var v: UInt64 = 0
        for b in bytes {
            let d = b &- 0x30
            guard d < 10 else { return nil }
            v = v &* 10 &+ UInt64(d)
        }
        self.init(uncheckedValue: v)
    }

    /// Accepts exactly 10 ASCII digits and nothing else (no hyphen, no blanks).
    @inlinable
    public init?(_ string: some StringProtocol) {
        self.init(bytes: string.utf8)
    }

    /// The 10 digits, zero-padded.
    public var digits: String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            var v = value
            for i in stride(from: 9, through: 0, by: -1) {
                buffer[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
            }
            return 10
        }
    }

    /// The digits; callers decide whether a PNR may be logged.
    public var description: String { digits }

    public var isNone: Bool { value == 0 }

    /// Birth date from DDMMYY plus the century rule of spec §11 (digit 7 and YY).
    /// nil when DD/MM is not a real calendar date, including replacement
    /// numbers (day + 60), which never appear in CPR output.
    public var birthDate: (year: Int, month: Int, day: Int)? {
        let day = Int(value / 100_000_000)
        let month = Int(value / 1_000_000 % 100)
        let yy = Int(value / 10_000 % 100)
        let year = PNR.year(yy: yy, digit7: Int(value / 1_000 % 10))
        guard (1...12).contains(month), day >= 1, day <= Gregorian.daysIn(month: month, year: year) else {
            return nil
        }
        return (year, month, day)
    }

    /// Century table of spec §11.
    static func year(yy: Int, digit7: Int) -> Int {
        switch digit7 {
        case 0...3: 1900 + yy
        case 4, 9: yy <= 36 ? 2000 + yy : 1900 + yy
        default: yy <= 57 ? 2000 + yy : 1800 + yy  // 5…8
        }
    }

    /// Odd last digit = male, even = female.
    public var sex: Sex { value % 2 == 1 ? .male : .female }

    /// Weights 4,3,2,7,6,5,4,3,2,1; sum ≡ 0 (mod 11). Information only: valid
    /// numbers without modulus 11 have been issued since 2007 (spec §11).
    public var satisfiesModulus11: Bool {
        var v = value
        var sum: UInt64 = 0
        for i: UInt64 in 0..<10 {  // last digit first: weights 1…7, then 2, 3, 4
            sum += (v % 10) * (i < 7 ? i + 1 : i - 5)
            v /= 10
        }
        return sum % 11 == 0
    }

    public static func < (lhs: PNR, rhs: PNR) -> Bool { lhs.value < rhs.value }
}
