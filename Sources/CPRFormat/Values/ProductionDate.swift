/// PRODDTO / PRODDTOFORRIG of the start record: a full calendar date written
/// `YYYYMMDD` (spec §2.4). Unlike `CPRDate` it is never partial.
public struct ProductionDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil unless year 1…9999, month 1…12 and day valid for that month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Gregorian.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Exactly 8 digits forming a real date; `00000000` ("no previous file") is nil.
    public init?(yyyymmdd bytes: some Collection<UInt8>) {
        guard bytes.count == 8 else { return nil }
        var v = 0
        for b in bytes {
            let d = b &- 0x30
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        self.init(year: v / 10_000, month: v / 100 % 100, day: v % 100)
    }

    public init?(_ yyyymmdd: some StringProtocol) {
        self.init(yyyymmdd: yyyymmdd.utf8)
    }

    /// `YYYYMMDD`, as in the start record.
    public var yyyymmdd: String {
        String(unsafeUninitializedCapacity: 8) { out in
            writeDigits(year, width: 4, into: out, at: 0)
            writeDigits(month, width: 2, into: out, at: 4)
            writeDigits(day, width: 2, into: out, at: 6)
            return 8
        }
    }

    /// `YYYY-MM-DD`.
    public var iso: String { CPRDate(unchecked: year, month, day).iso }

    /// The tuple `RecordWriter.startRecord` takes.
    public var components: (year: Int, month: Int, day: Int) { (year, month, day) }

    public var description: String { iso }

    public static func < (lhs: ProductionDate, rhs: ProductionDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
