import CPRTestSupport
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

    /// Runs a command line as a user pastes it: exit status and standard output.
    static func shell(_ line: String) async throws -> (Int32, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-demo-curl-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pid = try Shell.spawn("/bin/bash", ["-c", line], log: path, errorLog: "/dev/null")
        let status = await Shell.waitExit(pid, timeout: 60)
        return (status ?? -1, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }
}
