// One-byte markers (spec §3). The raw value is the Latin-1 byte CPR writes, so
// `init(rawValue:)` decodes a field byte and `rawValue` encodes it.

/// `*_UMRK` after a date: is the date certain?
public enum Uncertainty: UInt8, Sendable, Hashable, CaseIterable {
    case certain = 0x20  // ' '
    case uncertain = 0x2A  // '*'
}

/// `*_MRK` after a name.
public enum NameMarker: UInt8, Sendable, Hashable, CaseIterable {
    case none = 0x20  // ' '
    /// '+': the name is abbreviated.
    case abbreviated = 0x2B
    /// '*': contains characters that cannot be reported to CPR.
    case unreportableCharacters = 0x2A
    /// '=': insufficiently documented.
    case insufficientlyDocumented = 0x3D
}

/// ANNKOR on historical records 023–027, 029, 030.
public enum Annkor: UInt8, Sendable, Hashable, CaseIterable {
    case valid = 0x20  // ' '
    /// 'A': annulled (undone).
    case annulled = 0x41
    /// 'K': corrected, i.e. superseded.
    case corrected = 0x4B
    /// 'Æ' (Latin-1 0xC6): technical change.
    case technicalChange = 0xC6
}

extension Uncertainty: CustomStringConvertible {
    public var description: String { String(Character(Unicode.Scalar(rawValue))) }
}

extension NameMarker: CustomStringConvertible {
    public var description: String { String(Character(Unicode.Scalar(rawValue))) }
}

extension Annkor: CustomStringConvertible {
    public var description: String { String(Character(Unicode.Scalar(rawValue))) }
}
