import Foundation

/// One entry of the local subscription list.
public struct Subscription: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case pnr, municipality
    }

    /// Where the entry stands with the upstream subscription service.
    public enum State: String, Sendable {
        /// Added locally; not yet pushed.
        case adding
        /// Upstream holds it (ADDED or ALREADY_EXISTED).
        case active
        /// Removed locally; not yet pushed.
        case removing
        /// Upstream removed it.
        case removed
        /// A 997 receipt in a change file said upstream ended it.
        case ended
        /// Upstream knows no such PNR (NON_EXISTING_PNR).
        case rejected

        /// In scope for the replica: persons kept by reconcile and purge.
        public var isInScope: Bool { self == .adding || self == .active }
    }

    public var kind: Kind
    public var value: String
    public var state: State
    public var answer: String?
    public var changedAt: Date
    public var pushedAt: Date?
}
