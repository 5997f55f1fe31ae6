import Logging
import PostgresNIO

/// PostgresClient.withTransaction wraps what the body throws; jobs decide by the error itself
/// (a cancel, a lost claim, a refusal), so it is taken out again.
func unwrapped(_ error: any Error) -> any Error {
    if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError {
        return unwrapped(inner)
    }
    return error
}

extension PostgresClient {
    func transaction<Result: Sendable>(
        logger: Logger, _ body: nonisolated(nonsending) (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, body)
        } catch {
            throw unwrapped(error)
        }
    }
}
