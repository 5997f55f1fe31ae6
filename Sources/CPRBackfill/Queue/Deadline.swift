import Synchronization

/// An operation did not answer in time.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "no answer within \(timeout)" }
}

/// Waits at most `timeout` for `operation`, which runs in a task of its own and is left behind
/// when it does not answer in time (or when the caller is cancelled). A query on a connection
/// whose server session was ended may never answer — postgres-nio does not always notice —
/// and a task group cannot return before its children do, so a deadline must not be one.
func withDeadline<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let outcome = FirstOutcome<T>()
    Task {
        do { outcome.resume(with: .success(try await operation())) } catch { outcome.resume(with: .failure(error)) }
    }
    let timer = Task {
        try? await Task.sleep(for: timeout)
        outcome.resume(with: .failure(DeadlineExceeded(timeout: timeout)))
    }
    defer { timer.cancel() }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { outcome.arm($0) }
    } onCancel: {
        outcome.resume(with: .failure(CancellationError()))
    }
}

/// Hands the first of several outcomes to a continuation that may be armed before or after it.
private final class FirstOutcome<T: Sendable>: Sendable {
    private enum State {
        case waiting
        case armed(CheckedContinuation<T, any Error>)
        case early(Result<T, any Error>)
        case done
    }

    private let state = Mutex<State>(.waiting)

    func arm(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { state in
            switch state {
            case .waiting:
                state = .armed(continuation)
                return nil
            case .early(let result):
                state = .done
                return result
            case .armed, .done:
                return nil
            }
        }
        if let early { continuation.resume(with: early) }
    }

    func resume(with result: Result<T, any Error>) {
        let continuation: CheckedContinuation<T, any Error>? = state.withLock { state in
            switch state {
            case .waiting:
                state = .early(result)
                return nil
            case .armed(let continuation):
                state = .done
                return continuation
            case .early, .done:
                return nil
            }
        }
        continuation?.resume(with: result)
    }
}

/// Whether a running job's claim still stands: set when the claim's connection stops
/// answering (PostgreSQL then released the job's lock, and another worker may take it).
final class ClaimWatch: Sendable {
    private let lost = Mutex(false)

    var isLost: Bool { lost.withLock { $0 } }

    func markLost() { lost.withLock { $0 = true } }
}
