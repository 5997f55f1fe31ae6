/// The base population: `count` CPR numbers as they stand on `today`, in blocks of 8
/// consecutive ids. A block is a pure function of (seed, block index) and of the PNR
/// allocator's state, which in turn depends only on the blocks before it, so walking
/// the blocks in order with a fresh allocator always yields the same persons.
struct Population: Sendable {
    let seed: UInt64
    let count: Int
    let today: Day

    var blockCount: Int { (count + BlockBuilder.size - 1) / BlockBuilder.size }

    /// The persons of block `b`; call for b = 0, 1, 2 … in order with one allocator.
    func block(_ b: Int, allocator: PNRAllocator) -> [Person] {
        var builder = BlockBuilder(maker: PersonMaker(allocator: allocator, today: today),
                                   rng: SplitMix64(seed, .block, UInt64(b)), firstID: b * BlockBuilder.size)
        builder.fill(size: min(BlockBuilder.size, count - b * BlockBuilder.size))
        return builder.persons
    }

    /// Every base person in id order, regenerated from scratch.
    func forEach(_ body: (Person) throws -> Void) rethrows {
        let allocator = PNRAllocator(seed: seed)
        for b in 0..<blockCount {
            for p in block(b, allocator: allocator) { try body(p) }
        }
    }
}
