import AsyncAlgorithms
import CPRStore
import Logging
import NIOCore
import PostgresNIO

/// One producer loop feeding several COPY streams at once, each on a pooled connection of its own:
/// parsing runs on one core while PostgreSQL's backends take the rows on the other.
/// The channels hand over one chunk at a time, so memory stays flat however large the file.
struct CopyFanOut {
    struct Target: Sendable {
        var table: String
        var columns: [String]
    }

    /// Rows under construction, one buffer per target, flushed when a buffer passes `chunkSize`.
    struct Sinks {
        var rows: [CopyText]
        fileprivate let channels: [AsyncThrowingChannel<ByteBuffer, any Error>]
        static let chunkSize = 384 * 1024

        mutating func flushFull() async throws {
            for index in rows.indices where rows[index].readableBytes >= Self.chunkSize {
                try await send(index)
            }
        }

        fileprivate mutating func finish() async throws {
            for index in rows.indices {
                try await send(index)
            }
            for channel in channels { channel.finish() }
        }

        // A channel's send returns at once when the task is cancelled, dropping the chunk:
        // check after every send, so a cancelled load fails instead of committing a part.
        // (One send per call, empty buffers included: the loops written otherwise crash
        // swiftc 6.3.1's release coroutine splitting.)
        private mutating func send(_ index: Int) async throws {
            try Task.checkCancellation()
            guard rows[index].readableBytes > 0 else { return }
            let chunk = rows[index].take()
            await channels[index].send(chunk)
            try Task.checkCancellation()
        }
    }

    let database: Database
    let targets: [Target]
    /// The cancellation round the load belongs to (the caller's, from before it began): a
    /// round announced since stops every writer before its next chunk, also a writer whose
    /// COPY starts only after the announcement, whose cancel may follow at any moment.
    var round: Int?
    /// The writer lock's connection and one for the caller's own queries.
    static let reservedConnections = 2

    /// Runs `produce` and the COPY streams together; returns what `produce` returns.
    func run<Result: Sendable>(_ produce: @escaping @Sendable (inout Sinks) async throws -> Result) async throws -> Result {
        // Every stream holds a connection until the producer is done; with fewer the producer
        // would wait on a stream that waits for a connection. (Fresh connections per stream
        // were tried: postgres-nio 1.33's copyFrom then sometimes leaks its continuation.)
        guard database.maximumConnections >= targets.count + Self.reservedConnections else {
            throw IngestError.io(
                file: targets.first?.table ?? "",
                problem: "the database pool has \(database.maximumConnections) connections; loading needs \(targets.count + Self.reservedConnections)"
            )
        }
        let channels = targets.map { _ in AsyncThrowingChannel<ByteBuffer, any Error>() }
        let logger = database.logger
        let round = self.round ?? database.cancellation.round
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            for (target, channel) in zip(targets, channels) {
                group.addTask {
                    try await database.client.withConnection { connection in
                        try await connection.copyFrom(table: target.table, columns: target.columns, logger: logger) { writer in
                            for try await chunk in channel {
                                // Leaving with an error sends CopyFail: the COPY ends cleanly.
                                try database.cancellation.check(startedIn: round)
                                try await writer.write(chunk)
                            }
                        }
                    }
                    return nil
                }
            }
            group.addTask {
                var sinks = Sinks(rows: targets.map { _ in CopyText() }, channels: channels)
                do {
                    let result = try await produce(&sinks)
                    try await sinks.finish()
                    return result
                } catch {
                    // Fail every stream so each COPY aborts instead of committing part of a file.
                    for channel in channels { channel.fail(error) }
                    throw error
                }
            }
            var produced: Result?
            do {
                for try await value in group {
                    if let value { produced = value }
                }
            } catch {
                for channel in channels { channel.fail(error) }
                group.cancelAll()
                throw error
            }
            return produced!
        }
    }
}
