import CPRFormat

/// The persons whose state the change chain touches, by id and by current PNR. Only
/// these are held in memory: everyone else is regenerated from (seed, index).
struct Registry: Sendable {
    private var persons: [Int: Person] = [:]
    private var idByPNR: [PNR: Int] = [:]
    /// Ids in the order they were first stored: a deterministic way to walk the registry.
    private(set) var ids: [Int] = []
    /// The id the next created person gets (ids below are the base population).
    private(set) var nextID: Int

    init(firstNewID: Int) {
        nextID = firstNewID
    }

    subscript(id: Int) -> Person? { persons[id] }

    func person(pnr: PNR) -> Person? {
        idByPNR[pnr].flatMap { persons[$0] }
    }

    /// Stores a new or changed person; its current PNR now resolves to it.
    mutating func store(_ p: Person) {
        if persons.updateValue(p, forKey: p.id) == nil { ids.append(p.id) }
        idByPNR[p.pnr] = p.id
    }

    mutating func newID() -> Int {
        defer { nextID += 1 }
        return nextID
    }
}
