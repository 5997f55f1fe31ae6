/// What a file is to the replica.
public enum IngestKind: String, Sendable, Codable {
    /// A status (bulk) extract: replaces the replica as a whole.
    case full
    /// A change extract (subscription delta): replaces the record sets of the persons it carries.
    case change
}
