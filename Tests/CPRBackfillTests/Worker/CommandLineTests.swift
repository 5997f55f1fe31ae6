import CPRStore
import CPRTestSupport
import Foundation
import Testing

/// The operator's commands as processes.
@Suite struct BackfillCommandLineTests {
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let folder = try Shell.temporaryFolder("cprd-backfill-cli")
        defer { Shell.removeTemporary(folder) }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        environment.merge(extra) { $1 }
        let pid = try Shell.spawn(Shell.cprd, arguments, environment: environment, log: folder + "/log")
        let status = await Shell.waitExit(pid, timeout: 60)
        if status == nil { Shell.stopGroup(pid) }  // still running: stopped before its folder goes
        return (status ?? -1, (try? String(contentsOfFile: folder + "/log", encoding: .utf8)) ?? "")
    }

    @Test func everyCommandHasHelp() async throws {
        for command in [
            ["backfill"], ["backfill", "worker"], ["backfill", "enqueue", "rebuild"], ["backfill", "enqueue", "refresh"],
            ["backfill", "enqueue", "reconcile"], ["backfill", "enqueue", "purge"], ["backfill", "list"], ["backfill", "show"],
            ["backfill", "cancel"], ["subscriptions"], ["subscriptions", "add"], ["subscriptions", "remove"],
            ["subscriptions", "list"], ["subscriptions", "push"],
        ] {
            let run = try await Self.run(command + ["--help"])
            #expect(run.status == 0, "\(command)")
            #expect(run.output.contains("OVERVIEW:"), "\(command): \(run.output)")
        }
    }

    @Test func enqueueShowCancelAndBadInput() async throws {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        let environment = ["CPRD_DATABASE_URL": url.text]
        let bad = try await Self.run(["backfill", "enqueue", "refresh", "0101011234", "12345"], environment: environment)
        #expect(bad.status != 0)
        #expect(bad.output.contains("argument 2 is not a PNR"))
        let enqueued = try await Self.run(["backfill", "enqueue", "refresh", "0101011234"], environment: environment)
        #expect(enqueued.status == 0, "\(enqueued.output)")
        #expect(enqueued.output.contains("enqueued refresh job 1"))
        let list = try await Self.run(["backfill", "list"], environment: environment)
        #expect(list.output.contains("refresh") && list.output.contains("queued"))
        let cancel = try await Self.run(["backfill", "cancel", "1"], environment: environment)
        #expect(cancel.output.contains("job 1 cancelled"))
        let show = try await Self.run(["backfill", "show", "1", "--follow"], environment: environment)
        #expect(show.status == 2)
        #expect(show.output.contains("state:     cancelled"))
        #expect(show.output.contains("1 PNRs") && !show.output.contains("0101011234"))
        let subscriptions = try await Self.run(["subscriptions", "add", "0101011234", "--municipality", "851"], environment: environment)
        #expect(subscriptions.status == 0, "\(subscriptions.output)")
        let listed = try await Self.run(["subscriptions", "list"], environment: environment)
        #expect(listed.output.contains("0851") && listed.output.contains("adding"))
    }
}

/// The systemd unit starts the command this target implements.
@Suite struct BackfillUnitTests {
    @Test func theUnitsExecStartIsTheWorkerCommand() async throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("systemd").path
        let unit = try String(contentsOfFile: "\(folder)/cprd-backfill.service", encoding: .utf8)
        let execStart = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let words = execStart.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
        #expect(words.first?.hasSuffix("/cprd") == true)
        #expect(Array(words.dropFirst()) == ["backfill", "worker"])
        let help = try await BackfillCommandLineTests.run(Array(words.dropFirst()) + ["--help"])
        #expect(help.status == 0 && help.output.contains("Run backfill jobs"), "\(help.output)")
    }
}
