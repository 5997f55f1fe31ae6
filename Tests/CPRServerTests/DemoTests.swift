import Foundation
import Testing

/// The README's run command: `cprd demo` on a new data folder prints a curl that answers
/// with a person, and Ctrl-C stops the server and the PostgreSQL it started.
@Suite struct DemoTests {
    @Test func thePrintedCurlAnswersAndCtrlCStopsEverything() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let demo = try CPRDBinary.start(["demo", "--data-dir", folder, "--persons", "300", "--changes", "2", "--port", "0"])
        defer {
            if demo.process.isRunning { kill(demo.process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(atPath: demo.output)
            try? FileManager.default.removeItem(atPath: demo.errorOutput)
        }
        let curl = try await demo.waitForLine(containing: "curl -s", timeout: .seconds(300))
        let pnr = try #require(curl.split(separator: "/").last.map(String.init))

        let (status, output) = try await Self.shell(curl.trimmingCharacters(in: .whitespaces) + #" -w '\n%{http_code}'"#)
        #expect(status == 0, "curl: \(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.last == "200", "\(output)")
        let document = try JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8)) as? [String: Any]
        #expect(document?["pnr"] as? String == pnr)

        let postmaster = folder + "/postgres/postmaster.pid"
        #expect(FileManager.default.fileExists(atPath: postmaster), "the demo's PostgreSQL runs in its data folder")
        kill(demo.process.processIdentifier, SIGINT)
        let deadline = ContinuousClock.now + .seconds(60)
        while demo.process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!demo.process.isRunning, "Ctrl-C did not stop the demo within 60 s")
        #expect(demo.process.terminationStatus == 0, "\(demo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: postmaster), "PostgreSQL was left running")
    }

    /// Runs a command line as a user pastes it: exit status and standard output. Spawned and
    /// reaped here: Foundation's `Process` left this child a zombie, never seen to end.
    static func shell(_ line: String) async throws -> (Int32, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-demo-curl-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let arguments = ["/bin/bash", "-c", line].map { $0.withCString { strdup($0) } }
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, arguments + [nil], environ)
        guard spawned == 0 else { throw TestFailure("posix_spawn: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        return ((status >> 8) & 0xff, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }
}
