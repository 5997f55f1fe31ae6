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

    /// The next batch, waiting for one; nil once the queue is closed and drained. With
    /// `gather`, a short batch waits one turn of the executor for the requests that are about
    /// to arrive (answers go out in bursts after each audit commit, so their clients' next
    /// requests come in bursts too): fewer, fuller round trips for no timer.
    func nextBatch(maximum: Int, gather: Bool = false) async -> [Item]? {
        guard var batch = await waitForBatch(maximum: maximum) else { return nil }
        if gather, batch.count < maximum {
            await Task.yield()
            batch += take(maximum - batch.count)
        }
        return batch
    }

    private func take(_ maximum: Int) -> [Item] {
        state.withLock { state in
            let count = min(maximum, state.pending.count)
            defer { state.pending.removeFirst(count) }
            return Array(state.pending.prefix(count))
        }
    }

    private func waitForBatch(maximum: Int) async -> [Item]? {
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

    /// Everything pending, without waiting (to fail it when no worker can serve it).
    func takePending() -> [Item] {
        state.withLock { state in
            defer { state.pending.removeAll() }
            return state.pending
        }
    }

    var isClosedAndDrained: Bool { state.withLock { $0.closed && $0.pending.isEmpty } }

    /// Items waiting for a worker (the audit queue depth metric).
    var depth: Int { state.withLock { $0.pending.count } }
}
