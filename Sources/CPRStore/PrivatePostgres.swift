import CPosixSpawn
import Foundation

/// A PostgreSQL server of cprd's own in a data folder, on loopback and a Unix socket in
/// that folder: what `cprd demo` and the test harness run when no server is named.
/// initdb refuses root, so as root the server runs as the `postgres` OS user.
public final class PrivatePostgres: Sendable {
    public let dataDirectory: String
    public let port: Int
    public let binDirectory: String
    private let runAs: String?

    /// The server's URL for the `postgres` superuser and database, over the Unix socket.
    public var url: DatabaseURL {
        // The socket directory is the data folder; the URL's host is for messages only.
        try! DatabaseURL("postgres://postgres@127.0.0.1:\(port)/postgres?host=\(dataDirectory)&sslmode=disable")
    }

    /// The same server over TCP on 127.0.0.1, for clients that cannot use the socket.
    public var tcpURL: DatabaseURL {
        try! DatabaseURL("postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable")
    }

    private init(dataDirectory: String, port: Int, binDirectory: String, runAs: String?) {
        self.dataDirectory = dataDirectory
        self.port = port
        self.binDirectory = binDirectory
        self.runAs = runAs
    }

    /// Creates the cluster if the folder holds none, then starts it and waits until it accepts connections.
    public static func start(
        dataDirectory: String,
        port: Int? = nil,
        settings: [String: String] = [:]
    ) throws -> PrivatePostgres {
        let binDirectory = try locateBinaries()
        let runAs: String? = geteuid() == 0 ? "postgres" : nil
        let server = PrivatePostgres(
            dataDirectory: dataDirectory, port: try port ?? freeLoopbackPort(),
            binDirectory: binDirectory, runAs: runAs
        )
        try server.initialiseIfNeeded()
        var options = ["-p", "\(server.port)", "-k", dataDirectory, "-c", "listen_addresses=127.0.0.1"]
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            options += ["-c", "\(key)=\(value)"]
        }
        try server.run("pg_ctl", [
            "-D", dataDirectory, "-l", "\(dataDirectory)/server.log", "-w", "-t", "60",
            "-o", options.joined(separator: " "), "start",
        ])
        return server
    }

    /// `fast` rolls back open transactions and shuts down cleanly; `immediate` is a crash.
    public func stop(mode: String = "fast") {
        _ = try? run("pg_ctl", ["-D", dataDirectory, "-m", mode, "-w", "-t", "60", "stop"])
    }

    public var isRunning: Bool {
        (try? run("pg_ctl", ["-D", dataDirectory, "status"])) != nil
    }

    private func initialiseIfNeeded() throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: "\(dataDirectory)/PG_VERSION") { return }
        try fileManager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        if let runAs {
            try Self.execute("/bin/chown", [runAs, dataDirectory])
        }
        try run("initdb", ["-D", dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"])
    }

    @discardableResult
    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        let path = "\(binDirectory)/\(tool)"
        if let runAs {
            return try Self.execute("/sbin/runuser", ["-u", runAs, "--", path] + arguments)
        }
        return try Self.execute(path, arguments)
    }

    /// Runs a tool to completion with posix_spawn and waitpid. Foundation's Process is not
    /// used: it can wait forever when the tool leaves a daemon behind (`pg_ctl start`).
    @discardableResult
    static func execute(_ path: String, _ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("cprd-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Inherit nothing else: a descriptor another thread has open (a pipe being read to its
        // end) would stay open in a long-lived child, and that reader would wait forever.
        cprd_spawn_close_from(&actions, 3)
        // Run from a folder every user can enter (env -C /), or the postgres user's tools complain.
        let argv: [UnsafeMutablePointer<CChar>?] = (["/usr/bin/env", "-C", "/", path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw PrivatePostgresError(problem: "cannot start \(path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw PrivatePostgresError(
                problem: "\((path as NSString).lastPathComponent) \(arguments.first ?? "") failed (status \(status)): \(text.suffix(2000))"
            )
        }
        return text
    }

    /// The newest installed server's bin folder (Debian keeps them in /usr/lib/postgresql/N/bin).
    public static func locateBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(directory)/initdb") {
            return String(directory)
        }
        throw PrivatePostgresError(problem: "no PostgreSQL server found: install the Debian package postgresql")
    }

    /// Asks the kernel for a free port on 127.0.0.1.
    public static func freeLoopbackPort() throws -> Int {
        let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketHandle >= 0 else { throw PrivatePostgresError(problem: "socket() failed") }
        defer { close(socketHandle) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketHandle, $0, length) }
        }
        guard bound == 0 else { throw PrivatePostgresError(problem: "bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketHandle, $0, &length) }
        }
        guard named == 0 else { throw PrivatePostgresError(problem: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

public struct PrivatePostgresError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { "private PostgreSQL: \(problem)" }
}
