import Foundation
import Testing

/// The units in systemd/ pass `systemd-analyze verify` (via systemd/verify.sh, which prints a
/// clear SKIPPED line where systemd-analyze is missing) and keep their hardening.
@Suite struct SystemdUnitTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("systemd").path

    @Test func everyUnitVerifies() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["\(Self.folder)/verify.sh"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text)
        #expect(process.terminationStatus == 0, "\(text)")
        if !text.contains("SKIPPED") {
            for unit in ["cprd-sync.service", "cprd-serve.service", "cprd-backfill.service"] {
                #expect(text.contains("verify \(unit): ok"), "\(text)")
            }
        }
    }

    @Test func theDaemonUnitIsNotifyWithWatchdogAndHardened() throws {
        let unit = try String(contentsOfFile: "\(Self.folder)/cprd-sync.service", encoding: .utf8)
        for line in [
            "Type=notify", "WatchdogSec=", "Restart=on-failure", "TimeoutStopSec=", "ExecReload=/bin/kill -HUP $MAINPID",
            "ProtectSystem=strict", "ReadWritePaths=", "NoNewPrivileges=yes", "PrivateTmp=yes", "ProtectHome=yes",
            "CapabilityBoundingSet=\n", "SystemCallFilter=@system-service", "User=cprd",
        ] {
            #expect(unit.contains(line), "cprd-sync.service lacks \(line)")
        }
    }
}
