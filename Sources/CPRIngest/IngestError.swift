import CPRFormat

/// Why a file was not applied. Every case leaves the replica as it was.
public enum IngestError: Error, CustomStringConvertible {
    /// The file is not valid CPR: names file, record, offset and what was expected.
    case format(CPRFormatError)
    /// The records are well-formed but do not make a person set (e.g. no 001 for a person).
    case content(file: String, record: Int, offset: Int, problem: String)
    /// PRODDTOFORRIG of a change file is not the last applied production date.
    case gap(file: String, previous: String, lastApplied: String?)
    /// A change file was offered to an empty replica or is not newer than the replica (never
    /// applied, not even with --force), or a status extract is older than the replica (only
    /// with --force).
    case outOfOrder(file: String, problem: String)
    /// Another process holds the writer lock.
    case writerBusy
    case io(file: String, problem: String)

    public var description: String {
        switch self {
        case .format(let error):
            return "\(error)"
        case .content(let file, let record, let offset, let problem):
            return "\(file): record \(record) at byte \(offset): \(problem)"
        case .gap(let file, let previous, let lastApplied):
            return "\(file): gap: the file follows production \(previous), but the replica's last applied production is \(lastApplied ?? "none"); a file is missing (ingest it first, or use --force to accept the gap)"
        case .outOfOrder(let file, let problem):
            return "\(file): \(problem)"
        case .writerBusy:
            return "another cprd process (sync daemon or ingest) holds the writer lock; try again when it is done"
        case .io(let file, let problem):
            return "\(file): \(problem)"
        }
    }

    /// A file offered as the other kind than its 000 record says (`--full` with a change file,
    /// or a status extract without it): a content error at the 000 record, record 1 at byte 0.
    /// (A case of its own would change the enum that callers switch over exhaustively.)
    public static func wrongKind(file: String, problem: String) -> IngestError {
        .content(file: file, record: 1, offset: 0, problem: problem)
    }

    /// For the ledger and metrics.
    public var reason: String {
        switch self {
        case .format: "format"
        case .content: "content"
        case .gap: "gap"
        case .outOfOrder: "order"
        case .writerBusy: "busy"
        case .io: "io"
        }
    }
}
