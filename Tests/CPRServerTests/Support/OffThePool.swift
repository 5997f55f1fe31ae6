import Foundation

/// Runs blocking work (waiting for a child process) on a thread of its own. Blocking the
/// few threads of Swift's cooperative pool can starve every other test in the process.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
