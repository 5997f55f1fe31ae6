/// Exponential backoff for retrying what failed for a passing reason (network, database):
/// the first retry after `initial`, each next one twice as late, never later than `maximum`.
/// A success resets it. Pure: the caller sleeps.
public struct Backoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration
    /// Failures since the last success.
    public private(set) var failures = 0

    public init(initial: Duration = .seconds(2), maximum: Duration = .seconds(300)) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// Records a failure and returns how long to wait before the next attempt.
    public mutating func failed() -> Duration {
        failures += 1
        // Doubling from `initial`; past 2^20 the cap has long been reached.
        let factor = 1 << min(failures - 1, 20)
        let delay = initial * factor
        return delay > maximum ? maximum : delay
    }

    public mutating func succeeded() {
        failures = 0
    }
}
