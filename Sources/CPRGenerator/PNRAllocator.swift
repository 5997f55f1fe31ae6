import CPRFormat

/// Hands out unique CPR numbers for (birth date, sex), following the century rule
/// of spec §11 and, as CPR does, satisfying modulus 11 except for a share of
/// 1 January births in the years where CPR ran out of modulus-11 numbers.
///
/// Serial numbers are walked in a seed-dependent permuted order per date and sex,
/// so a number depends on how many numbers that date and sex received before it:
/// callers must allocate in a deterministic order. The state is two counters per
/// (date, sex), about 1 MB for every date 1858–2057. A class: one allocator is
/// shared by everything that creates persons during a run.
final class PNRAllocator {
    private static let firstDay = Day(year: 1858, month: 1, day: 1)
    private static let lastDay = Day(year: 2057, month: 12, day: 31)

    private let seed: UInt64
    /// Next position in the (date, sex) candidate walk.
    private var position: [UInt32]
    /// Numbers issued for (date, sex).
    private var issued: [UInt32]

    init(seed: UInt64) {
        self.seed = seed
        let slots = (PNRAllocator.lastDay.number - PNRAllocator.firstDay.number + 1) * 2
        position = [UInt32](repeating: 0, count: slots)
        issued = [UInt32](repeating: 0, count: slots)
    }

    /// cpr.dk's list of 1 January dates that received numbers without modulus 11 (spec §11).
    static let yearsWithoutModulus11: Set<Int> = Set([1960, 1962, 1964, 1965, 1966, 1967, 1969, 1970, 1974, 1975, 1978]
        + Array(1980...1992) + [1994, 1995])

    static func issuesNumbersWithoutModulus11(_ birth: Day) -> Bool {
        let (y, m, d) = birth.ymd
        return m == 1 && d == 1 && yearsWithoutModulus11.contains(y)
    }

    /// Digit 7 values that give `year` under the century rule.
    static func centuryDigits(_ year: Int) -> [Int] {
        switch year {
        case 1858...1899: [5, 6, 7, 8]
        case 1900...1936: [0, 1, 2, 3]
        case 1937...1999: [0, 1, 2, 3, 4, 9]
        case 2000...2036: [4, 5, 6, 7, 8, 9]
        case 2037...2057: [5, 6, 7, 8]
        default: preconditionFailure("birth year outside 1858–2057")
        }
    }

    /// For parity p and valid check digit v (10 = none): the digits of parity p other than v.
    private static let failingDigits: [[Int]] = (0...1).flatMap { parity in
        (0...10).map { valid in stride(from: parity, through: 9, by: 2).filter { $0 != valid } }
    }

    func allocate(birth: Day, sex: Sex) -> PNR {
        precondition(birth >= PNRAllocator.firstDay && birth <= PNRAllocator.lastDay, "birth date outside 1858–2057")
        let slot = (birth.number - PNRAllocator.firstDay.number) * 2 + (sex == .male ? 1 : 0)
        let (y, m, d) = birth.ymd
        let datePart = UInt64(d * 10_000 + m * 100 + y % 100)
        let century = PNRAllocator.centuryDigits(y)
        let count = century.count * 100
        let offset = Int(Mix.key(seed, Stream.serialOrder.rawValue, UInt64(bitPattern: Int64(birth.number))) % UInt64(count))
        // Every third number for such a 1 January, starting with the first, lacks modulus 11.
        let withoutModulus11 = PNRAllocator.issuesNumbersWithoutModulus11(birth) && issued[slot] % 3 == 0
        let parity = sex == .male ? 1 : 0
        issued[slot] += 1

        var pos = Int(position[slot])
        while true {
            let pass = pos / count
            let index = (pos % count * 37 + offset) % count  // 37 is prime to 400 and 600
            pos += 1
            precondition(pass < 5, "too many persons born on \(birth.iso) of one sex")
            let serial = century[index / 100] * 100 + index % 100  // digits 7–9
            let valid = PNRAllocator.checkDigit(datePart: datePart, serial: serial)
            // Last digits of the right parity that fail modulus 11, in a fixed order: the
            // walk's later passes use them front to back, interleaved 1 January numbers the last.
            let failing = PNRAllocator.failingDigits[parity * 11 + valid]
            let last: Int
            if pass == 0 {
                if withoutModulus11 {
                    last = failing[failing.count - 1]
                } else if valid < 10 && valid % 2 == parity {
                    last = valid
                } else {
                    continue
                }
            } else {
                guard pass - 1 < failing.count - 1 else { continue }
                last = failing[pass - 1]
            }
            position[slot] = UInt32(pos)
            return PNR(value: datePart * 10_000 + UInt64(serial * 10 + last))!
        }
    }

    /// The 10th digit that makes DDMMYY + serial satisfy modulus 11, or 10 when none does.
    static func checkDigit(datePart: UInt64, serial: Int) -> Int {
        var v = Int(datePart) * 1000 + serial  // the first nine digits
        var sum = 0
        for weight in [2, 3, 4, 5, 6, 7, 2, 3, 4] {  // weights 4,3,2,7,6,5,4,3,2 read from the right
            sum += v % 10 * weight
            v /= 10
        }
        return (11 - sum % 11) % 11
    }
}
