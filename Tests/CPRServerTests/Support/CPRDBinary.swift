import CPRStore
import Foundation

/// The built `cprd` executable (next to the test bundle, or CPRD_BINARY), run as operators run it.
enum CPRDBinary {
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["CPRD_BINARY"], !path.isEmpty { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cprd").path
    }

    /// The URL text of a test database, for --database-url.
    static func urlText(_ url: DatabaseURL) -> String {
        var text = "postgres://\(url.user)@\(url.host):\(url.port)/\(url.database)?sslmode=disable"
        if let socket = url.socketDirectory { text += "&host=\(socket)" }
        return text
    }

    /// An empty configuration file, so that no /etc/cprd/cprd.conf of the machine applies;
    /// one for the test process, removed when it exits (/dev/null is no readable file to cprd).
    static let emptyConfiguration: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-test-empty-\(getpid()).conf").path
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        atexit { try? FileManager.default.removeItem(atPath: CPRDBinary.emptyConfiguration) }
        return path
    }()

    struct Running {
        let process: SpawnedProcess
        let output: String
        let errorOutput: String

        var stdout: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: errorOutput, encoding: .utf8)) ?? "" }

        /// Removes the output files, once the process has ended.
        func removeOutput() {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: errorOutput)
        }

        /// Waits for a line containing `marker` and returns it.
        func waitForLine(containing marker: String, timeout: Duration = .seconds(60)) async throws -> String {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let line = stdout.split(separator: "\n").first(where: { $0.contains(marker) }) { return String(line) }
                guard process.isRunning else { throw TestFailure("cprd exited \(process.terminationStatus): \(stdout) \(stderr)") }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw TestFailure("cprd did not print \"\(marker)\": \(stdout)")
        }
    }

    /// Starts `cprd` with stdout and stderr in files (a pipe could fill up and stall it).
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("no cprd executable at \(path): build it (swift build) or set CPRD_BINARY")
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-out-\(UUID().uuidString)").path
        let errorOutput = output + ".err"
        FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: errorOutput, contents: nil)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        env["CPRD_CONFIG"] = emptyConfiguration
        env.merge(environment) { $1 }
        let process = try SpawnedProcess(path, arguments, environment: env, output: output, errorOutput: errorOutput)
        return Running(process: process, output: output, errorOutput: errorOutput)
    }

    /// Runs `cprd` to the end: exit status, what it printed, and its messages.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String, errors: String) {
        let running = try start(arguments, environment: environment)
        while running.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        defer { running.removeOutput() }
        return (running.process.terminationStatus, running.stdout, running.stderr)
    }
}
