import CPosixSpawn
import Foundation
import Glibc

/// Process helpers for test fixtures (shared by the test targets): run a tool to completion, or start one in a process
/// group of its own so it and its children can be stopped by that group's id.
public enum Shell {
    @discardableResult
    public static func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw FixtureError("\(path) \(arguments.joined(separator: " ")): \(text)") }
        return text
    }

    /// Starts `path` as the leader of a new process group, output to `log` (standard error too,
    /// unless `errorLog` names a file of its own). Not Foundation's `Process`: it takes a child
    /// that closes its inherited descriptors for ended, and its monitor thread then blocks in
    /// waitpid until that child really ends, leaving every other `Process` of the test run
    /// unreaped meanwhile.
    public static func spawn(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil, log: String, errorLog: String? = nil
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let errorLog {
            posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // Inherit nothing else: a descriptor another thread has open (a pipe being read to its
        // end) would stay open in a long-lived child, and that reader would wait forever.
        cprd_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var env = ProcessInfo.processInfo.environment
        if let environment { env = environment }
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw FixtureError("spawn \(path): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Waits up to `timeout` seconds for `pid` to exit; returns its exit status, or nil.
    public static func waitExit(_ pid: pid_t, timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                if (status & 0x7f) == 0 { return (status >> 8) & 0xff }
                return 128 + (status & 0x7f)
            }
            if result == -1 && errno == ECHILD {
                print("waitExit: \(pid) was reaped elsewhere")
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let state = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("State:") }
        print("waitExit: \(pid) still there after \(timeout) s: \(state.map(String.init) ?? "gone")")
        if let gdb = ProcessInfo.processInfo.environment["CPRD_TEST_GDB_DUMP"] {
            _ = try? Shell.spawn("/usr/bin/gdb", ["-p", "\(pid)", "-batch", "-ex", "thread apply all bt"], log: "\(gdb)-\(pid).txt")
            try? await Task.sleep(for: .seconds(10))
        }
        return nil
    }

    /// A new folder under the temporary directory; the test removes it with `removeTemporary`.
    public static func temporaryFolder(_ prefix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes a folder (or file) a test made under the temporary directory, with all it holds.
    /// Tests call it from a `defer` (a failing test cleans up too), declared before the ones
    /// that stop processes using the folder, so that it runs after them.
    public static func removeTemporary(_ path: String) {
        let base = FileManager.default.temporaryDirectory.path
        // Only below the temporary directory: a wrong path must never cost anything else.
        guard path.hasPrefix(base.hasSuffix("/") ? base : base + "/") else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Waits until a server started with `spawn` accepts connections on 127.0.0.1:`port`;
    /// throws with the server's `log` when it does not within about 4 s.
    public static func waitForListener(_ name: String, port: Int, log: String) throws {
        for _ in 0..<200 {
            if acceptsConnections(port: port) { return }
            usleep(20_000)
        }
        throw FixtureError("\(name) did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    /// Kills a process group started by `spawn` (the server and what it forked) and reaps its leader.
    public static func stopGroup(_ pid: pid_t) {
        guard pid > 0 else { return }
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    public static func acceptsConnections(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// The `cprd` executable built beside the test bundle.
    public static var cprd: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cprd").path
    }
}

/// A fixture could not be set up (a tool failed, a server did not start).
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
