import Foundation

/// One request as the audit log keeps it. Identity fields are as presented by the caller
/// (so a denied request with a malformed agreement id is still recorded), cut to a sane length.
public struct AuditRecord: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        /// 2xx: the answer was given.
        case allowed
        /// 403: outside the caller's agreement, or the caller could not be identified.
        case denied
        /// 404: nothing to answer with.
        case notFound = "not-found"
        /// Other 4xx: the request itself was wrong.
        case invalid
        /// 5xx.
        case failed

        init(status: Int) {
            switch status {
            case 200..<300: self = .allowed
            case 403: self = .denied
            case 404: self = .notFound
            case 400..<500: self = .invalid
            default: self = .failed
            }
        }
    }

    public var at: Date
    public var agreement: String?
    public var system: String?
    public var user: String?
    public var onBehalfOf: String?
    public var accounting: String?
    public var callID: String?
    public var method: String
    public var route: String
    public var status: Int
    public var pnrs: [String]
    public var latencyMicroseconds: Int

    public var outcome: Outcome { Outcome(status: status) }

    /// Longest identity value kept; the headers are ids, not prose.
    static let maximumFieldLength = 200

    static func clip(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value.utf8.count > maximumFieldLength ? String(value.prefix(maximumFieldLength)) : value
    }
}
