import CPRFormat

/// What to generate. Same options → byte-identical files.
public struct GeneratorOptions: Sendable, Hashable {
    /// CPR numbers in the status extract (living, dead, emigrated, replaced …).
    public var persons: Int
    public var seed: UInt64
    /// Change files after the status extract, one per following weekday.
    public var changes: Int
    public var framing: Framing
    /// The status extract's production date, `YYYY-MM-DD`, a weekday.
    public var startDate: String
    /// Also write a status extract as of the last change file's production date.
    public var writeAsOfExtract: Bool
    /// Write every 003 record after all other person records of a file.
    public var addressRecordsAtEnd: Bool
    /// Add a few 997 receipts (subscription deleted) to each change file.
    public var subscriptionReceipts: Bool
    /// Events per change file; nil = max(8, persons / 800).
    public var eventsPerChange: Int?

    public init(
        persons: Int, seed: UInt64, changes: Int = 0, framing: Framing = .lines, startDate: String = "2026-01-05",
        writeAsOfExtract: Bool = false, addressRecordsAtEnd: Bool = false, subscriptionReceipts: Bool = false,
        eventsPerChange: Int? = nil
    ) {
        self.persons = persons
        self.seed = seed
        self.changes = changes
        self.framing = framing
        self.startDate = startDate
        self.writeAsOfExtract = writeAsOfExtract
        self.addressRecordsAtEnd = addressRecordsAtEnd
        self.subscriptionReceipts = subscriptionReceipts
        self.eventsPerChange = eventsPerChange
    }
}

/// One file the generator wrote.
public struct GeneratedFile: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The status (full) extract at the start date.
        case full
        case change
        /// A status extract as of the last change file's production date.
        case asOfExtract
    }

    public let path: String
    public let kind: Kind
    /// PRODDTO, `YYYYMMDD`.
    public let productionDate: String
    /// PRODDTOFORRIG, `YYYYMMDD`; `00000000` for status extracts, which start a chain.
    public let previousProductionDate: String
    /// CPR numbers with a 001 record in the file.
    public let persons: Int
    /// TAELLER: records between 000 and 999.
    public let records: Int
    public let bytes: Int
}

/// Deterministic, realistic synthetic CPR files.
///
/// Writes `extract-YYYYMMDD.cpr` (status extract at the start date), `change-YYYYMMDD.cpr`
/// for each change file (PRODDTOFORRIG = the previous file's PRODDTO) and, if asked,
/// `asof-extract-YYYYMMDD.cpr`: the status extract as of the last change file, equal to
/// the status extract with every change file applied (a 001 replaces a person's records).
/// Status extracts start a chain, so their PRODDTOFORRIG is `00000000`.
///
/// Memory stays small for millions of persons: base persons are regenerated from
/// (seed, index) on every pass; only the households the change chain touches are held.
public enum Generator {
    public static func write(_ options: GeneratorOptions, to directory: String) throws -> [GeneratedFile] {
        try write(options, to: directory, observe: nil)
    }

    /// As `write`; `observe` sees every person state written, with the file's kind and
    /// index in the returned list (tests compare files against it).
    static func write(_ o: GeneratorOptions, to directory: String,
                      observe: ((GeneratedFile.Kind, Int, Person) -> Void)?) throws -> [GeneratedFile] {
        guard o.persons >= 1 else { throw GeneratorError(description: "persons must be at least 1") }
        guard o.changes >= 0 else { throw GeneratorError(description: "changes must not be negative") }
        guard let start = Day(iso: o.startDate), (1950...2050).contains(start.year) else {
            throw GeneratorError(description: "start date must be YYYY-MM-DD between 1950 and 2050, got \(o.startDate)")
        }
        guard start.isWeekday else { throw GeneratorError(description: "start date \(o.startDate) is not a weekday") }
        try FileSink.makeDirectory(directory)
        let base = directory.hasSuffix("/") ? directory : directory + "/"

        var days = [start]
        for _ in 0..<o.changes { days.append(days[days.count - 1].nextWeekday) }
        let population = Population(seed: o.seed, count: o.persons, today: start)
        let eventsPerFile = o.eventsPerChange ?? max(8, o.persons / 800)
        var plan = ChangePlan(seed: o.seed, blockCount: population.blockCount, productionDays: days, eventsPerFile: eventsPerFile)
        let allocator = PNRAllocator(seed: o.seed)
        var registry = Registry(firstNewID: o.persons)
        var files: [GeneratedFile] = []
        let mainPart: RecordPart = o.addressRecordsAtEnd ? .allButClearWrittenAddress : .all

        // Status extract. This pass also finds the events' targets and keeps their groups.
        var extract = try StatusExtract(path: base + "extract-\(start.compact).cpr", framing: o.framing, day: start, part: mainPart)
        for b in 0..<population.blockCount {
            let persons = population.block(b, allocator: allocator)
            plan.visit(block: b, persons: persons)
            for p in persons {
                if plan.keeps(p) { registry.store(p) }
                try extract.add(p)
                observe?(.full, files.count, p)
            }
        }
        if o.addressRecordsAtEnd { try population.forEach { try extract.addClearWrittenAddress($0) } }
        files.append(try extract.finish(kind: .full))

        // Change files.
        var applier = EventApplier(registry: registry, allocator: allocator, seed: o.seed)
        for file in 0..<o.changes {
            applier.startFile()
            for e in plan.events(inFile: file) { applier.apply(e) }
            let changed = applier.log.ids.map { applier.registry[$0]! }.sorted { $0.pnr < $1.pnr }
            let day = days[file + 1]
            var writer = try CPRFileWriter(path: base + "change-\(day.compact).cpr", framing: o.framing,
                                           task: CPRFileWriter.changeExtractTask, production: day, previous: days[file])
            for p in changed {
                try PersonRecords.write(p, mainPart) { try writer.append($0) }
                for entry in applier.log.entries[p.id]! {
                    try writer.append(PersonRecords.event(p.pnr, entry))
                }
                observe?(.change, files.count, p)
            }
            if o.addressRecordsAtEnd {
                for p in changed { try writer.append(PersonRecords.clearWrittenAddress(p)) }
            }
            if o.subscriptionReceipts {
                for pnr in receipts(file: file, seed: o.seed, count: max(1, eventsPerFile / 50), registry: applier.registry,
                                    excluding: Set(changed.map(\.id))) {
                    try writer.append(PersonRecords.receipt(pnr, on: day, code: "A45"))
                }
            }
            let (records, bytes) = try writer.finish()
            files.append(GeneratedFile(path: base + "change-\(day.compact).cpr", kind: .change, productionDate: day.compact,
                                       previousProductionDate: days[file].compact, persons: changed.count,
                                       records: records, bytes: bytes))
        }
        registry = applier.registry

        // The status extract as the chain left it: base persons in id order with their
        // current state, then the numbers the events created.
        if o.writeAsOfExtract {
            let day = days[days.count - 1]
            var asOf = try StatusExtract(path: base + "asof-extract-\(day.compact).cpr", framing: o.framing, day: day, part: mainPart)
            let created = o.persons..<registry.nextID
            try population.forEach { base in
                let p = registry[base.id] ?? base
                try asOf.add(p)
                observe?(.asOfExtract, files.count, p)
            }
            for id in created {
                try asOf.add(registry[id]!)
                observe?(.asOfExtract, files.count, registry[id]!)
            }
            if o.addressRecordsAtEnd {
                try population.forEach { try asOf.addClearWrittenAddress(registry[$0.id] ?? $0) }
                for id in created { try asOf.addClearWrittenAddress(registry[id]!) }
            }
            files.append(try asOf.finish(kind: .asOfExtract))
        }
        return files
    }

    /// PNRs of kept persons not delivered in this file, for 997 receipts, in PNR order.
    private static func receipts(file: Int, seed: UInt64, count: Int, registry: Registry, excluding: Set<Int>) -> [PNR] {
        var rng = SplitMix64(seed, .receipts, UInt64(file))
        var chosen: [PNR] = []
        for _ in 0..<count where !registry.ids.isEmpty {
            let id = registry.ids[rng.below(registry.ids.count)]
            if let p = registry[id], !excluding.contains(id), !chosen.contains(p.pnr) { chosen.append(p.pnr) }
        }
        return chosen.sorted()
    }
}

/// A status extract being written: persons' records without 099.
private struct StatusExtract {
    private var writer: CPRFileWriter
    private let path: String
    private let day: Day
    private let part: RecordPart
    private var persons = 0

    init(path: String, framing: Framing, day: Day, part: RecordPart) throws {
        writer = try CPRFileWriter(path: path, framing: framing, task: CPRFileWriter.statusExtractTask, production: day, previous: nil)
        self.path = path
        self.day = day
        self.part = part
    }

    mutating func add(_ p: Person) throws {
        try PersonRecords.write(p, part) { try writer.append($0) }
        persons += 1
    }

    mutating func addClearWrittenAddress(_ p: Person) throws {
        try writer.append(PersonRecords.clearWrittenAddress(p))
    }

    mutating func finish(kind: GeneratedFile.Kind) throws -> GeneratedFile {
        let (records, bytes) = try writer.finish()
        return GeneratedFile(path: path, kind: kind, productionDate: day.compact, previousProductionDate: "00000000",
                             persons: persons, records: records, bytes: bytes)
    }
}
