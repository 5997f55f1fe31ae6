/// What became of one file: the line `cprd ingest` prints and the sync daemon logs.
public struct IngestSummary: Sendable, CustomStringConvertible {
    public enum Outcome: String, Sendable {
        case applied
        /// The same bytes (by SHA-256) were applied before; nothing changed.
        case alreadyApplied = "already-applied"
    }

    public var file: String
    public var kind: IngestKind
    public var outcome: Outcome
    public var productionDate: String
    public var previousProductionDate: String?
    public var persons: Int
    public var records: Int
    public var bytes: Int
    public var seconds: Double
    public var forced: Bool
    public var sha256: String
    public var fileID: Int64?

    public var description: String {
        var line = "\(file): \(outcome.rawValue) \(kind.rawValue) production \(productionDate)"
        if outcome == .applied {
            line += ", \(persons) persons, \(records) records, \(String(format: "%.2f", seconds)) s"
            if seconds > 0 { line += " (\(Int(Double(persons) / seconds)) persons/s)" }
            if forced { line += ", forced past a gap" }
        } else {
            line += " (sha256 \(sha256.prefix(12))… was applied before; nothing changed)"
        }
        return line
    }
}
