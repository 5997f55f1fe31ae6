import CPRIngest
import Foundation

/// A CPR file waiting in the inbox, described by its 000 record and its trailer.
public struct PendingFile: Sendable, Equatable {
    public var name: String
    public var path: String
    /// PRODDTO, `YYYY-MM-DD`; nil when the 000 record could not be read (the ingest will say why).
    public var productionDate: String?
    /// PRODDTOFORRIG, `YYYY-MM-DD`; nil for a status extract, which starts a chain.
    public var previousProductionDate: String?
    /// A file without PRODDTOFORRIG is a status extract and replaces the replica.
    public var kind: IngestKind
    public var bytes: Int
    public var modified: Date
    /// The file ends with a 999 trailer: it is not still being written.
    public var complete: Bool

    public init(
        name: String, path: String, productionDate: String?, previousProductionDate: String?,
        kind: IngestKind, bytes: Int, modified: Date, complete: Bool
    ) {
        self.name = name
        self.path = path
        self.productionDate = productionDate
        self.previousProductionDate = previousProductionDate
        self.kind = kind
        self.bytes = bytes
        self.modified = modified
        self.complete = complete
    }

    /// Files the daemon never treats as CPR files: Serviceplatformen's `.metadata`
    /// companions, hidden and temporary names (downloads in progress).
    public static func isCandidate(name: String) -> Bool {
        !(name.hasPrefix(".") || name.hasSuffix(".metadata") || name.hasSuffix(".part") || name.hasSuffix(".tmp"))
    }

    /// Application order: production date, a status extract before change files of the
    /// same date, then name. Unreadable headers first, so their rejection is not hidden.
    public static func applicationOrder(_ a: PendingFile, _ b: PendingFile) -> Bool {
        let left = (a.productionDate ?? "", a.kind == .full ? 0 : 1, a.name)
        let right = (b.productionDate ?? "", b.kind == .full ? 0 : 1, b.name)
        return left < right
    }
}
