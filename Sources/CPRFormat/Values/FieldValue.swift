/// One field decoded by its `FieldKind`.
public enum FieldValue: Sendable, Hashable {
    /// `.alphanumeric`: Latin-1 decoded, trailing blanks trimmed.
    case text(String)
    /// `.numeric`: the digits as CPR wrote them ("0101", "01"); codes keep their zeros.
    case code(String)
    /// `.date`: nil when blank or `0000-00-00`.
    case date(CPRDate?)
    /// `.dateTime`: nil when blank or `000000000000`.
    case dateTime(CPRDateTime?)
    case uncertainty(Uncertainty)
    case nameMarker(NameMarker)
    case annkor(Annkor)
    /// `.pnr`: nil when blank or `0000000000`.
    case pnr(PNR?)
}

extension FieldValue: CustomStringConvertible {
    /// The value as a human reads it; "" for none.
    public var description: String {
        switch self {
        case .text(let s), .code(let s): s
        case .date(let d): d?.iso ?? ""
        case .dateTime(let t): t?.digits ?? ""
        case .uncertainty(let u): u.description
        case .nameMarker(let m): m.description
        case .annkor(let a): a.description
        case .pnr(let p): p?.digits ?? ""
        }
    }
}
