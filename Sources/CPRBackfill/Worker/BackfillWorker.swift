import CPRStore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// The worker: a lifecycle Service that waits until the schema is current, then claims and
/// runs jobs one at a time until it is stopped (or, with `once`, until the queue has nothing
/// runnable).
public struct BackfillWorker: Service {
    public let database: Database
    public let settings: WorkerSettings
    public let logger: Logger
    public let once: Bool
    /// Written into the rows this worker claims; fences its writes.
    public let token: String

    public init(database: Database, settings: WorkerSettings, logger: Logger, once: Bool = false) {
        self.database = database
        self.settings = settings
        self.logger = logger
        self.once = once
        token = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
    }

    /// Until stopped, or with `once` until nothing is runnable.
    public func run() async throws {
        guard try await waitForMigrations() else { return }
        let runner = JobRunner(database: database, settings: settings, logger: logger)
        logger.notice("backfill worker ready", metadata: ["worker": "\(token)"])
        while !Task.isShuttingDownGracefully {
            do {
                // A connection of its own for claims: their locks live in its session.
                switch try await database.withDedicatedConnection(closeLimit: JobClaim.answerTimeout, { connection in try await claimAndRun(on: connection, runner: runner) }) {
                case .drained: return
                case .stopped: continue
                case .connectionLost:
                    logger.warning("the claim connection stopped answering; claiming again on a new one")
                }
            } catch {
                if once { throw error }
                if Task.isShuttingDownGracefully { return }
                logger.warning("database unavailable; retrying", metadata: ["error": "\(String(reflecting: error))"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.retryDelay) }
            }
        }
    }

    private enum Outcome: Sendable {
        /// `once`, and nothing is runnable.
        case drained
        /// Asked to stop.
        case stopped
        /// The connection stopped answering: claim again on a new one.
        case connectionLost
    }

    /// Every query on the claim connection is bounded by `JobClaim.answerTimeout`; one that
    /// does not answer in time means the connection is gone.
    private func claimAndRun(on connection: PostgresConnection, runner: JobRunner) async throws -> Outcome {
        var patience = 20  // × 250 ms: a dead worker's backend may hold its job lock a moment longer
        let token = token, logger = logger
        while !Task.isShuttingDownGracefully {
            let claim: JobClaim?
            do {
                claim = try await withDeadline(JobClaim.answerTimeout) { try await JobClaim.next(on: connection, token: token, logger: logger) }
            } catch is DeadlineExceeded {
                return .connectionLost
            }
            if let claim {
                guard await runner.run(claim) else { return .connectionLost }
                continue
            }
            if once {
                guard patience > 0 else { return .drained }
                let held: Bool
                do {
                    held = try await withDeadline(JobClaim.answerTimeout) { try await JobClaim.heldElsewhere(on: connection, token: token, logger: logger) }
                } catch is DeadlineExceeded {
                    return .connectionLost
                }
                guard held else { return .drained }
                patience -= 1
                try await Task.sleep(for: .milliseconds(250))
                continue
            }
            try? await cancelWhenGracefulShutdown { [settings] in try await Task.sleep(for: settings.pollInterval) }
        }
        return .stopped
    }

    /// False when stopped while waiting. Migrations are `cprd migrate`'s or the sync daemon's job.
    private func waitForMigrations() async throws -> Bool {
        var told = false
        while !Task.isShuttingDownGracefully {
            do {
                if try await Migrator().isCurrent(database) { return true }
                if once { throw BackfillError.invalidArgument("the database schema is not current; run `cprd migrate` first") }
                if !told { logger.notice("waiting for the database schema to be migrated"); told = true }
            } catch let error as MigrationError {
                throw error
            } catch let error as BackfillError {
                throw error
            } catch {
                if once { throw error }
                logger.warning("database unavailable; retrying", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { [settings] in try await Task.sleep(for: settings.pollInterval) }
        }
        return false
    }
}
