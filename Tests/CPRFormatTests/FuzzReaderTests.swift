import CPRFormat
import Testing

/// Damaged input must end in records or a `CPRFormatError` that points inside
/// the input: never a crash, never a hang (`ReaderFixtures.drain` bounds the calls).
@Suite struct FuzzReaderTests {
    typealias F = ReaderFixtures

    /// SplitMix64: small, seedable, same sequence on every platform.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Reads `input` (small chunks, short reads, so chunk edges get hit too) and
    /// checks what any outcome must satisfy.
    @discardableResult
    private func readChecked(_ input: [UInt8], readSize: Int = 61, sourceLocation: SourceLocation = #_sourceLocation)
        -> ReaderFixtures.Outcome
    {
        let outcome = F.drain(input, options: .init(chunkSize: 512), maxReadSize: readSize)
        #expect(outcome.records.map(\.number) == Array(1..<(outcome.records.count + 1)), sourceLocation: sourceLocation)
        for r in outcome.records {
            let inside = r.offset >= 0 && r.offset + r.bytes.count <= input.count
            #expect(inside, "record \(r.number) outside the input", sourceLocation: sourceLocation)
            if inside {
                #expect(Array(input[r.offset..<(r.offset + r.bytes.count)]) == Array(r.bytes), sourceLocation: sourceLocation)
            }
            #expect(r.decoded().fields.count == r.layout.fields.count, sourceLocation: sourceLocation)
        }
        if let e = outcome.error {
            #expect(e.kind != .io, sourceLocation: sourceLocation)
            let number = e.recordNumber ?? -1
            let offset = e.byteOffset ?? -1
            #expect((1...(outcome.records.count + 1)).contains(number), "\(e)", sourceLocation: sourceLocation)
            #expect((0...input.count).contains(offset), "\(e)", sourceLocation: sourceLocation)
            #expect(e.found.count <= 40, "\(e)", sourceLocation: sourceLocation)
            #expect(!e.description.contains("\n"), sourceLocation: sourceLocation)
            // Errors go to technical logs: never a CPR number, whatever the damage.
            #expect(!F.hasTenDigitRun(e.description), "\(e)", sourceLocation: sourceLocation)
        } else {
            #expect(outcome.records.first?.type == .startRecord, sourceLocation: sourceLocation)
            #expect(outcome.records.last?.type == .endRecord, sourceLocation: sourceLocation)
            #expect(outcome.reader.trailerCount == outcome.records.count - 2, sourceLocation: sourceLocation)
        }
        return outcome
    }

    @Test func seededRandomBytes() {
        var rng = SeededGenerator(state: 20_240_101)
        let alphabet = F.bytes("0123456789 \n\r*+=-AKÆ")
        let start = Array(F.smallFile(.fixed).prefix(35))
        for round in 0..<400 {
            let length = Int.random(in: 0..<700, using: &rng)
            var bytes: [UInt8] = (0..<length).map { _ in
                round % 2 == 0 ? UInt8.random(in: 0...255, using: &rng) : alphabet.randomElement(using: &rng)!
            }
            if round % 3 != 0 { bytes = start + (round % 4 == 0 ? [0x0A] : []) + bytes }
            readChecked(bytes, readSize: Int.random(in: 1...600, using: &rng))
        }
    }

    @Test(arguments: [Framing.lines, .fixed])
    func truncationAtEveryOffset(_ framing: Framing) {
        let file = F.smallFile(framing)
        let endOfTrailer = framing == .lines ? file.count - 1 : file.count
        for cut in 0..<file.count {
            let outcome = readChecked(Array(file.prefix(cut)))
            if cut < endOfTrailer {
                #expect(outcome.error != nil, "prefix of \(cut) bytes accepted")
            } else {
                #expect(outcome.error == nil, "whole file without final newline rejected")
            }
        }
    }

    @Test(arguments: [Framing.lines, .fixed])
    func singleBitFlipAtEveryByte(_ framing: Framing) {
        let file = F.smallFile(framing)
        for i in file.indices {
            let bits = i < 48 ? Array(0..<8) : [(i * 5) % 8]  // every bit of the header, one elsewhere
            for bit in bits {
                var damaged = file
                damaged[i] ^= 1 << bit
                readChecked(damaged)
            }
        }
    }

    @Test(arguments: [Framing.lines, .fixed])
    func recordsCutInHalf(_ framing: Framing) {
        let file = F.smallFile(framing)
        let records = F.drain(file).records
        for r in records {
            let half = r.bytes.count / 2
            let damaged = Array(file[..<(r.offset + half)]) + Array(file[(r.offset + r.bytes.count)...])
            let outcome = readChecked(damaged)
            if framing == .fixed {
                #expect(outcome.error != nil, "record \(r.number) cut in half accepted")
            }
        }
    }

    @Test func mixedFramingsWithinOneFile() {
        let fixed = F.smallFile(.fixed)
        let lines = F.smallFile(.lines)
        let fixedRecords = F.drain(fixed).records
        let lineRecords = F.drain(lines).records
        for k in 1..<fixedRecords.count {
            // The first k records fixed-length, the rest as lines, and the other way round.
            let fixedThenLines = Array(fixed[..<fixedRecords[k].offset]) + Array(lines[lineRecords[k].offset...])
            let linesThenFixed = Array(lines[..<lineRecords[k].offset]) + Array(fixed[fixedRecords[k].offset...])
            let a = readChecked(fixedThenLines)
            let b = readChecked(linesThenFixed)
            // Only the 999 in the other framing is fine: a trailing newline, or a last line without one.
            let onlyTrailerDiffers = k == fixedRecords.count - 1
            #expect((a.error == nil) == onlyTrailerDiffers, "fixed then lines from record \(k + 1)")
            #expect((b.error == nil) == onlyTrailerDiffers, "lines then fixed from record \(k + 1)")
        }
    }

    @Test func everyLayoutWithRandomDamage() {
        var rng = SeededGenerator(state: 7)
        for framing in [Framing.lines, .fixed] {
            let file = F.file(F.everyBodyLayout.map { F.record($0) }, framing: framing)
            for _ in 0..<300 {
                var damaged = file
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let i = Int.random(in: damaged.indices, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: damaged[i] = UInt8.random(in: 0...255, using: &rng)
                    case 1: damaged.remove(at: i)
                    default: damaged.insert(UInt8.random(in: 0...255, using: &rng), at: i)
                    }
                }
                readChecked(damaged, readSize: Int.random(in: 1...2000, using: &rng))
            }
        }
    }
}
