import CPRStore
import Foundation
import Glibc
import CPRTestSupport

/// vsftpd on 127.0.0.1 and a high port serving one folder over FTPS (implicit TLS for
/// ftps://, or AUTH TLS on plain ftp://) to anonymous clients that present a certificate
/// of the test CA. Anonymous may delete in `outbox`, as CPR's servers let a subscriber
/// remove what it has fetched. Needs root (vsftpd chroots). The test ends it with `shutDown()`.
final class FTPSServer: @unchecked Sendable {
    let folder: String
    let port: Int
    let implicitTLS: Bool
    /// The folder the tests place files in.
    let outbox: String
    private(set) var pid: pid_t = 0

    init(certificates: Certificates, implicitTLS: Bool = true) throws {
        port = try PrivatePostgres.freeLoopbackPort()
        folder = try Shell.temporaryFolder("cprd-vsftpd")
        self.implicitTLS = implicitTLS
        outbox = "\(folder)/root/out"
        do {
            try setUp(certificates)
        } catch {
            shutDown()
            throw error
        }
    }

    private func setUp(_ certificates: Certificates) throws {
        let root = "\(folder)/root"
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        // vsftpd refuses a chroot the anonymous user could write to; the folder inside is theirs.
        chmod(folder, 0o755)
        chmod(root, 0o755)
        guard let ftp = getpwnam("ftp") else { throw FixtureError("the ftp user is missing (Debian package vsftpd)") }
        chown(outbox, ftp.pointee.pw_uid, ftp.pointee.pw_gid)
        chmod(outbox, 0o755)
        // An empty folder of its own to chroot unprivileged helpers into, rather than the
        // package's /var/run/vsftpd/empty, which a cleaned /run may lack.
        try FileManager.default.createDirectory(atPath: "\(folder)/empty", withIntermediateDirectories: true)
        chmod("\(folder)/empty", 0o755)
        try """
            listen=YES
            listen_ipv6=NO
            listen_address=127.0.0.1
            listen_port=\(port)
            background=NO
            anonymous_enable=YES
            local_enable=NO
            anon_root=\(root)
            no_anon_password=YES
            write_enable=YES
            anon_other_write_enable=YES
            pasv_enable=YES
            pasv_address=127.0.0.1
            ssl_enable=YES
            implicit_ssl=\(implicitTLS ? "YES" : "NO")
            allow_anon_ssl=YES
            force_anon_logins_ssl=YES
            force_anon_data_ssl=YES
            require_ssl_reuse=NO
            ssl_ciphers=HIGH
            rsa_cert_file=\(certificates.serverCertificate)
            rsa_private_key_file=\(certificates.serverKey)
            require_cert=YES
            validate_cert=YES
            ca_certs_file=\(certificates.ca)
            seccomp_sandbox=NO
            secure_chroot_dir=\(folder)/empty
            xferlog_enable=NO
            log_ftp_protocol=YES
            vsftpd_log_file=\(folder)/vsftpd.log
            dual_log_enable=YES

            """.write(toFile: "\(folder)/vsftpd.conf", atomically: true, encoding: .utf8)
        try start()
    }

    var url: String { "\(implicitTLS ? "ftps" : "ftp")://127.0.0.1:\(port)/out/" }

    func start() throws {
        pid = try Shell.spawn("/usr/sbin/vsftpd", ["\(folder)/vsftpd.conf"], log: "\(folder)/stderr.log")
        try Shell.waitForListener("vsftpd", port: port, log: "\(folder)/stderr.log")
    }

    /// Kills vsftpd and the session processes it forked.
    func stop() {
        Shell.stopGroup(pid)
        pid = 0
    }

    /// Stops vsftpd for good and removes its folder.
    func shutDown() {
        stop()
        Shell.removeTemporary(folder)
    }

    deinit { stop() }

    var log: String { (try? String(contentsOfFile: "\(folder)/vsftpd.log", encoding: .utf8)) ?? "" }
}
