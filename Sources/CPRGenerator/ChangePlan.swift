import CPRFormat

/// The events of the whole change chain, decided up front from the seed. Targets are
/// found while the status extract is written: each event names random candidate
/// blocks, and the first candidate block (in file order) holding an admissible person
/// supplies the target. Only the groups of targets are kept in memory.
struct ChangePlan: Sendable {
    private(set) var events: [PlannedEvent] = []
    /// Block → event sides searching it (event index × 2, + 1 for a marriage partner).
    private var searches: [Int: [Int]] = [:]
    private var keptGroups: Set<Int> = []

    /// `productionDays[0]` is the status extract's, then one per change file.
    init(seed: UInt64, blockCount: Int, productionDays: [Day], eventsPerFile: Int) {
        var rng = SplitMix64(seed, .plan)
        let cycle = EventKind.allCases.flatMap { Array(repeating: $0, count: $0.perCycle) }
        var schedule = cycle
        var cursor = schedule.count
        for file in 0..<(productionDays.count - 1) {
            let first = productionDays[file], last = productionDays[file + 1].adding(days: -1)
            var fileEvents: [PlannedEvent] = []
            for _ in 0..<eventsPerFile {
                if cursor == schedule.count {
                    schedule = cycle
                    rng.shuffle(&schedule)
                    cursor = 0
                }
                let kind = schedule[cursor]
                cursor += 1
                let day = PersonMaker.day(first, last, &rng)
                let minute = 420 + rng.below(660)  // office hours
                let candidates = kind.needsTarget ? (0..<kind.candidateBlocks).map { _ in rng.below(blockCount) } : []
                let partners = kind == .marriage ? (0..<8).map { _ in rng.below(blockCount) } : []
                fileEvents.append(PlannedEvent(
                    ordinal: 0, kind: kind, file: file, day: day, minuteOfDay: minute,
                    candidates: candidates, partnerCandidates: partners, offset: rng.below(BlockBuilder.size)))
            }
            // Applied in time order; ties keep the order they were drawn in.
            let sorted = fileEvents.enumerated().sorted {
                ($0.element.day, $0.element.minuteOfDay, $0.offset) < ($1.element.day, $1.element.minuteOfDay, $1.offset)
            }
            for (_, e) in sorted {
                events.append(PlannedEvent(
                    ordinal: events.count, kind: e.kind, file: e.file, day: e.day, minuteOfDay: e.minuteOfDay,
                    candidates: e.candidates, partnerCandidates: e.partnerCandidates, offset: e.offset))
            }
        }
        for (i, e) in events.enumerated() {
            for b in e.candidates { searches[b, default: []].append(i * 2) }
            for b in e.partnerCandidates { searches[b, default: []].append(i * 2 + 1) }
        }
    }

    /// Looks for targets among block `b`'s base persons (in id order); their groups
    /// are then kept.
    mutating func visit(block b: Int, persons: [Person]) {
        guard let sides = searches.removeValue(forKey: b) else { return }
        let relative: (PNR) -> Person? = { pnr in persons.first { $0.pnr == pnr } }
        for side in sides {
            let i = side / 2, isPartner = side % 2 == 1
            let e = events[i]
            if (isPartner ? e.partner : e.target) != nil { continue }
            let kind = isPartner ? EventKind.marriage : e.kind
            for k in 0..<persons.count {
                let p = persons[(e.offset + k) % persons.count]
                guard kind.admits(p, on: e.day, relative: relative) else { continue }
                if isPartner { events[i].partner = p.id } else { events[i].target = p.id }
                keptGroups.insert(p.group)
                break
            }
        }
    }

    func keeps(_ p: Person) -> Bool { keptGroups.contains(p.group) }

    func events(inFile file: Int) -> ArraySlice<PlannedEvent> {
        let start = events.firstIndex { $0.file == file } ?? events.count
        let end = events[start...].firstIndex { $0.file != file } ?? events.count
        return events[start..<end]
    }
}
