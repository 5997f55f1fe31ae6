/// The start record 000 (spec §2.4): which CPR task produced the file and when.
public struct FileHeader: Sendable, Hashable {
    /// OPGAVENR, CPR's task number.
    public let opgavenr: Int
    /// PRODDTO: production date of this file.
    public let proddto: ProductionDate
    /// PRODDTOFORRIG: production date of the previous file; nil for `00000000`
    /// (no previous file). A replica compares it with the last applied PRODDTO
    /// to notice a missing file.
    public let proddtoForrig: ProductionDate?

    public init(opgavenr: Int, proddto: ProductionDate, proddtoForrig: ProductionDate?) {
        self.opgavenr = opgavenr
        self.proddto = proddto
        self.proddtoForrig = proddtoForrig
    }
}
