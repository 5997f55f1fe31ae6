import ArgumentParser
import CPRBackfill
import Foundation

struct BackfillListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List queued and running jobs (with --all, finished ones too)."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Include finished jobs.")
    var all = false

    func run() async throws {
        let all = self.all
        let jobs = try await withBackfillDatabase(global, label: "cprd.backfill") { database in
            try await JobQueue(database: database).list(all: all)
        }
        if jobs.isEmpty {
            print(all ? "no jobs" : "no open jobs")
            return
        }
        print("ID      KIND       STATE      PROGRESS        ATTEMPTS  ENQUEUED")
        for job in jobs {
            let progress = job.total.map { "\(job.done)/\($0)" } ?? "\(job.done)"
            let state = job.cancelRequested && !job.state.isFinished ? "cancelling" : job.state.rawValue
            print(
                pad("\(job.id)", 8) + pad(job.kind.rawValue, 11) + pad(state, 11) + pad(progress, 16)
                    + pad("\(job.attempts)/\(job.maxAttempts)", 10) + ISO8601DateFormatter().string(from: job.enqueuedAt)
            )
        }
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}
