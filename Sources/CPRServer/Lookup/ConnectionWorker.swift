import CPRStore
import Logging
import PostgresNIO

/// Runs a queue-draining worker on a connection of its own. When the work fails (the
/// connection broke, the statement failed), it takes a fresh connection; when no connection
/// can be had, what is waiting fails at once rather than waiting for the database.
enum ConnectionWorker {
    static func run<Item: Sendable>(
        _ database: Database,
        queue: BatchQueue<Item>,
        fail: @escaping @Sendable (Item, any Error) -> Void,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async {
        while true {
            do {
                try await database.client.withConnection { connection in try await work(connection) }
                return  // the queue was closed and drained
            } catch {
                if queue.isClosedAndDrained { return }
                database.logger.warning("database work failed; retrying on a fresh connection", metadata: ["error": "\(error)"])
                for item in queue.takePending() { fail(item, error) }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
