import Synchronization

/// Many requests feed it; a few workers drain it in batches. Behind both batched lookups and
/// the audit's group commit: a worker takes everything pending (up to a maximum) when it is
/// free, so a lone request goes at once and batches grow with the load, with no timer.
final class BatchQueue<Item: Sendable>: Sendable {
    private struct State {
        var pending: [Item] = []
        var idleWorkers: [CheckedContinuation<[Item]?, Never>] = []
        var closed = false
    }

    private let state = Mutex(State())

    /// Adds an item; false when the queue is closed (the server is stopping).
    func enqueue(_ item: Item) -> Bool {
        let woken: CheckedContinuation<[Item]?, Never>?? = state.withLock { state in
            guard !state.closed else { return .none }
            if let worker = state.idleWorkers.popLast() {
                return .some(worker)
            }
            state.pending.append(item)
            return .some(nil)
        }
        switch woken {
        case .none: return false
        case .some(.some(let worker)):
            worker.resume(returning: [item])
            return true
        case .some(.none): return true
        }
    }

    /// The next batch, waiting for one; nil once the queue is closed and drained.
    func nextBatch(maximum: Int) async -> [Item]? {
        await withCheckedContinuation { (continuation: CheckedContinuation<[Item]?, Never>) in
            let batch: [Item]?? = state.withLock { state in
                if !state.pending.isEmpty {
                    let count = min(maximum, state.pending.count)
                    let batch = Array(state.pending.prefix(count))
                    state.pending.removeFirst(count)
                    return .some(batch)
                }
                if state.closed { return .some(nil) }
                state.idleWorkers.append(continuation)
                return .none
            }
            if let batch { continuation.resume(returning: batch) }
        }
    }

    /// Refuses new items; workers finish what is pending, then get nil.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idleWorkers.removeAll() }
            return state.idleWorkers
        }
        for worker in idle { worker.resume(returning: nil) }
    }

    /// Items waiting for a worker (the audit queue depth metric).
    var depth: Int { state.withLock { $0.pending.count } }
}
