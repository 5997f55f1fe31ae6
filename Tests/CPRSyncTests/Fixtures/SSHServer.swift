import CPRStore
import Foundation
import Glibc
import CPRTestSupport

/// OpenSSH's sshd on 127.0.0.1 and a high port, with its own host key, config and one
/// authorised client key, serving SFTP (internal-sftp). Runs as the current user. The test
/// ends it with `shutDown()`.
final class SSHServer: @unchecked Sendable {
    let folder: String
    let port: Int
    let clientKey: String
    let knownHosts: String
    let user: String
    /// The folder the tests place files in, as an sftp:// URL.
    let outbox: String
    private(set) var pid: pid_t = 0

    init() throws {
        port = try PrivatePostgres.freeLoopbackPort()
        folder = try Shell.temporaryFolder("cprd-sshd")
        user = String(cString: getpwuid(geteuid())!.pointee.pw_name)
        clientKey = "\(folder)/client_key"
        knownHosts = "\(folder)/known_hosts"
        outbox = "\(folder)/outbox"
        do {
            try setUp()
        } catch {
            shutDown()
            throw error
        }
    }

    private func setUp() throws {
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        chmod(folder, 0o755)
        try Shell.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", "\(folder)/host_key"])
        try Shell.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", clientKey])
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: "\(folder)/authorized_keys")
        let hostPublic = try String(contentsOfFile: "\(folder)/host_key.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        try "[127.0.0.1]:\(port) \(hostPublic)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        try """
            ListenAddress 127.0.0.1
            HostKey \(folder)/host_key
            PidFile none
            AuthorizedKeysFile \(folder)/authorized_keys
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            Subsystem sftp internal-sftp
            LogLevel ERROR

            """.write(toFile: "\(folder)/sshd_config", atomically: true, encoding: .utf8)
        try start()
    }

    var url: String { "sftp://\(user)@127.0.0.1:\(port)\(outbox)/" }

    func start() throws {
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }
        pid = try Shell.spawn("/usr/sbin/sshd", ["-D", "-e", "-f", "\(folder)/sshd_config", "-p", "\(port)"], log: "\(folder)/sshd.log")
        try Shell.waitForListener("sshd", port: port, log: "\(folder)/sshd.log")
    }

    /// Kills sshd and every session it forked (its process group).
    func stop() {
        Shell.stopGroup(pid)
        pid = 0
    }

    /// Stops sshd for good and removes its folder.
    func shutDown() {
        stop()
        Shell.removeTemporary(folder)
    }

    deinit { stop() }
}
