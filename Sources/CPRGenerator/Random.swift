/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and good enough for synthetic
/// data. The generator never touches the system RNG, so every byte it writes is a
/// function of the seed and the options.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// An independent stream for one purpose, e.g. (seed, .block, blockIndex).
    init(_ seed: UInt64, _ stream: Stream, _ index: UInt64 = 0) {
        state = Mix.key(seed, stream.rawValue, index)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Mix.finalize(state)
    }

    /// Uniform in 0..<n (Lemire's multiply-high; the tiny bias is irrelevant here).
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "empty range")
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// True with probability `percent`/100.
    mutating func percent(_ percent: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 * 100 < percent
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// An index into `weights`, chosen in proportion to the weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var r = below(weights.reduce(0, +))
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }
}

/// Purposes of the independent random streams; the raw values are part of the
/// output format (changing one changes every file), so never renumber.
enum Stream: UInt64 {
    case block = 1
    case plan = 2
    case event = 3
    case serialOrder = 4
    case receipts = 5
}

/// Stateless mixing for deriving keys from several numbers.
enum Mix {
    /// The SplitMix64 finaliser: a bijection on UInt64 with good avalanche.
    @inline(__always)
    static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func key(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        finalize(finalize(finalize(a &+ 0x9E37_79B9_7F4A_7C15) ^ b) &+ c)
    }
}
