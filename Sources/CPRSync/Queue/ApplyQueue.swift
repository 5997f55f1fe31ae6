import Foundation

/// The apply loop's decisions, without I/O: which file next, when to wait, when the queue
/// is stopped. A rejected file (a gap, a bad file) stops the queue: nothing after it is
/// applied, because skipping a file would make the replica silently wrong. The queue
/// resumes when an operator acts: the inbox changes (a new or replaced file) or the
/// replica's state changes (`cprd ingest --force`).
public struct ApplyQueue: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        /// Nothing to do.
        case idle
        case apply(PendingFile)
        /// The next file has no trailer yet: someone is still writing it.
        case waitForCompletion(PendingFile)
        case stopped(Stop)
    }

    public struct Stop: Sendable, Equatable {
        public var file: String
        public var reason: String
        /// True for a gap (a missing file), the case operators must watch for.
        public var isGap: Bool
        /// What the inbox and replica looked like when the queue stopped.
        public var signature: Signature
    }

    /// What must change before a stopped queue tries again.
    public struct Signature: Sendable, Equatable {
        public var inbox: [String]
        public var lastFileID: Int64?

        public init(pending: [PendingFile], lastFileID: Int64?) {
            inbox = pending.map { "\($0.name)|\($0.bytes)|\($0.modified.timeIntervalSince1970)" }.sorted()
            self.lastFileID = lastFileID
        }
    }

    public private(set) var stop: Stop?
    /// How long a file may stay without trailer before it is handed to the ingest anyway
    /// (which rejects it with the reason), so a truncated file cannot block silently.
    public var incompleteGrace: TimeInterval

    public init(incompleteGrace: TimeInterval = 600) {
        self.incompleteGrace = incompleteGrace
    }

    /// The next step, given the inbox and the replica's last applied file.
    public mutating func next(pending: [PendingFile], lastFileID: Int64?, now: Date = Date()) -> Decision {
        if let stop {
            guard stop.signature == Signature(pending: pending, lastFileID: lastFileID) else {
                self.stop = nil
                return next(pending: pending, lastFileID: lastFileID, now: now)
            }
            return .stopped(stop)
        }
        guard let first = pending.sorted(by: PendingFile.applicationOrder).first else { return .idle }
        if !first.complete && now.timeIntervalSince(first.modified) < incompleteGrace {
            return .waitForCompletion(first)
        }
        return .apply(first)
    }

    /// The ingest refused `file`: stop until the inbox or the replica changes.
    public mutating func rejected(_ file: PendingFile, reason: String, isGap: Bool, pending: [PendingFile], lastFileID: Int64?) {
        stop = Stop(file: file.name, reason: reason, isGap: isGap, signature: Signature(pending: pending, lastFileID: lastFileID))
    }
}
