import CPRTestSupport
import Foundation
import Synchronization

/// A child started with `Shell.spawn` and reaped here, by its own pid: what tests ask of a
/// running `cprd` (is it running, how did it end) without Foundation's `Process`.
final class SpawnedProcess: Sendable {
    let processIdentifier: pid_t
    /// The raw wait status once reaped.
    private let status = Mutex<Int32?>(nil)

    init(_ path: String, _ arguments: [String], environment: [String: String], output: String, errorOutput: String) throws {
        processIdentifier = try Shell.spawn(path, arguments, environment: environment, log: output, errorLog: errorOutput)
    }

    var isRunning: Bool {
        status.withLock { status in
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(processIdentifier, &raw, WNOHANG) == processIdentifier else { return true }
            status = raw
            return false
        }
    }

    /// The exit code, or the signal that ended it (as Foundation's `Process` reports them).
    var terminationStatus: Int32 {
        guard !isRunning, let raw = status.withLock({ $0 }) else { return -1 }
        return raw & 0x7f == 0 ? (raw >> 8) & 0xff : raw & 0x7f
    }

    var terminationReason: Process.TerminationReason {
        guard !isRunning, let raw = status.withLock({ $0 }) else { return .exit }
        return raw & 0x7f == 0 ? .exit : .uncaughtSignal
    }

    deinit {
        // Never leave a zombie, nor a server running past its test.
        if isRunning {
            kill(processIdentifier, SIGKILL)
            var raw: Int32 = 0
            waitpid(processIdentifier, &raw, 0)
        }
    }
}
