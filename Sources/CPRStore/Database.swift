import Logging
import PostgresNIO
import Synchronization

/// A running connection pool. `PostgresClient` needs a task that drives it; `run` provides
/// one for the duration of `body` and closes the pool afterwards.
public struct Database: Sendable {
    public let client: PostgresClient
    public let url: DatabaseURL
    public let logger: Logger
    /// The pool's size: a bulk load holds several connections at once and checks it has them.
    public let maximumConnections: Int
    /// Names this pool's sessions and its dedicated connections, and only those: a pool that
    /// cancels its own statements must not cancel another pool's of the same process.
    public let applicationName: String
    /// Announces each round of `keepCancellingStatements` to this pool's long work (ingests, COPY writers).
    public let cancellation: StatementCancellation

    private static let pools = Atomic<Int>(0)

    /// Runs `body` with a pool on `url`. With `failWhenUnreachableFor` set, `body` is
    /// cancelled and `DatabaseUnreachable` thrown once the server has been unreachable that
    /// long (the pool itself would wait forever); long-running services pass nil and retry.
    public static func run<Result: Sendable>(
        _ url: DatabaseURL,
        maximumConnections: Int = 8,
        logger: Logger,
        failWhenUnreachableFor limit: Duration? = .seconds(20),
        onUnreachable: (@Sendable (DatabaseUnreachable) -> Void)? = nil,
        _ body: @escaping @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        let applicationName = "\(DatabaseURL.applicationName) pool \(pools.add(1, ordering: .relaxed).newValue)"
        let client = PostgresClient(
            configuration: try url.clientConfiguration(maximumConnections: maximumConnections, applicationName: applicationName),
            backgroundLogger: logger
        )
        // The pool runs outside the task group, so cancelling the caller (SIGTERM) stops the
        // body first and closes the pool only after it: postgres-nio traps when the pool
        // closes a connection under a running COPY. Detached, because `PostgresClient.run`
        // also ends on a graceful shutdown, which a child task would inherit from a
        // service: a rebuild's pool then closed under the COPY of the file in hand.
        let pool = Task.detached { await client.run() }
        do {
            let result = try await withThrowingTaskGroup(of: Result?.self) { group in
                if let limit {
                    group.addTask {
                        do {
                            try await Reachability.watch(url, failAfter: limit, logger: logger)
                        } catch let error as DatabaseUnreachable {
                            // A command line tool may prefer to end here: some waits inside the
                            // pool do not end on cancellation while the server is gone.
                            onUnreachable?(error)
                            throw error
                        }
                        return nil
                    }
                }
                group.addTask {
                    try await body(Database(
                        client: client, url: url, logger: logger,
                        maximumConnections: maximumConnections, applicationName: applicationName,
                        cancellation: StatementCancellation()
                    ))
                }
                defer { group.cancelAll() }
                while let value = try await group.next() {
                    if let value { return value }
                }
                throw CancellationError()
            }
            pool.cancel()
            await pool.value
            return result
        } catch {
            pool.cancel()
            await pool.value
            throw error
        }
    }

    /// Runs each statement of a script in order on one connection.
    public static func execute(script: String, on connection: PostgresConnection, logger: Logger) async throws {
        for statement in SQLScript.statements(script) {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }

    /// Runs `body` on a new connection outside the pool, closed afterwards: a session of its
    /// own, e.g. for an advisory lock held while pooled connections come and go (ending the
    /// session releases it, whatever happened). Closing waits at most `closeLimit`: a
    /// connection whose session was ended may never answer again.
    public func withDedicatedConnection<Result: Sendable>(
        closeLimit: Duration = .seconds(10),
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(applicationName: applicationName),
            id: Int.random(in: 1...Int.max),
            logger: logger
        )
        // Closed from a task of its own: a cancelled caller (a stopping server) still waits for
        // the session to end, which releases its locks before the next session needs them.
        let close = { @Sendable in await Task { _ = try? await withDeadline(closeLimit) { try await connection.close() } }.value }
        do {
            let result = try await body(connection)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }

    /// Cancels the statements this pool's connections (and its dedicated ones) are running,
    /// from a connection of its own (the pool may be busy with them); returns how many were
    /// running. Other pools of the process are left alone. A cancelled statement fails in
    /// its caller like any database error and its transaction rolls back,
    /// which is how a stop rolls back a file in hand: cancelling the Swift task instead,
    /// mid-COPY, makes postgres-nio 1.33 trap.
    @discardableResult
    public func cancelRunningStatements() async throws -> Int {
        try await withDedicatedConnection { connection in
            let rows = try await connection.query("""
                SELECT count(pg_cancel_backend(pid))::int FROM pg_stat_activity
                WHERE application_name = \(applicationName) AND pid <> pg_backend_pid() AND state = 'active'
                """, logger: logger)
            return try await rows.decode(Int.self).collect().first ?? 0
        }
    }

    /// Cancels this pool's running statements again and again (every 200 ms while
    /// `shouldCancel()`) for `duration`: a transaction in hand keeps starting statements
    /// until the first cancel reaches it, and each must fail for it to roll back.
    public func keepCancellingStatements(for duration: Duration, while shouldCancel: @Sendable () -> Bool = { true }) async throws {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            if shouldCancel() {
                // Long work stops at its next step or chunk first (`StatementCancellation`).
                cancellation.announce()
                try await Task.sleep(for: .milliseconds(200))
                do {
                    try await cancelRunningStatements()
                } catch {
                    logger.warning("could not cancel the running statements", metadata: ["error": "\(error)"])
                }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// A cheap round trip, for readiness and the sync daemon's watchdog.
    public func ping() async throws {
        try await client.query("SELECT 1", logger: logger)
    }
}

/// Keys of the session-level advisory locks cprd takes; one place so they never collide.
public enum AdvisoryLock: Int64, Sendable {
    case migrate = 0x6370_7264_0001  // "cprd" 1
    case writer = 0x6370_7264_0002
}
