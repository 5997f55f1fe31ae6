import ArgumentParser
import CPRBackfill
import Foundation
import Glibc

struct BackfillShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one job; with --follow, its progress until it ends (exit 0 succeeded, 1 failed, 2 cancelled).",
        discussion: "On a terminal --follow draws a progress bar (done/total, rate, ETA); otherwise it prints a line per change."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Keep watching until the job ends.")
    var follow = false

    @Argument(help: "The job's id.")
    var id: Int64

    func run() async throws {
        let id = self.id, follow = self.follow
        let final = try await withBackfillDatabase(global, label: "cprd.backfill") { database in
            let queue = JobQueue(database: database)
            var job = try await queue.job(id)
            guard follow else { return job }
            let bar = JobProgressBar.forTerminal()
            var last = ""
            while !job.state.isFinished {
                if let bar {
                    bar.update(job)
                } else {
                    let line = "job \(job.id) \(job.kind.rawValue): \(job.state.rawValue) \(job.done)/\(job.total.map(String.init) ?? "?")"
                    if line != last {
                        FileHandle.standardOutput.write(Data((line + "\n").utf8))
                        last = line
                    }
                }
                try await Task.sleep(for: .milliseconds(500))
                job = try await queue.job(id)
            }
            bar?.clear()
            return job
        }
        describe(final)
        switch final.state {
        case .failed: throw ExitCode(1)
        case .cancelled where follow: throw ExitCode(2)
        default: break
        }
    }

    private func describe(_ job: Job) {
        let iso = ISO8601DateFormatter()
        print("job:       \(job.id) (\(job.kind.rawValue))")
        print("arguments: \(Self.arguments(of: job))")
        print("state:     \(job.state.rawValue)\(job.cancelRequested && !job.state.isFinished ? " (cancel requested)" : "")")
        print("progress:  \(job.done)\(job.total.map { "/\($0)" } ?? "")")
        print("attempts:  \(job.attempts) of \(job.maxAttempts)")
        print("enqueued:  \(iso.string(from: job.enqueuedAt))")
        if let started = job.startedAt { print("started:   \(iso.string(from: started))") }
        if let finished = job.finishedAt { print("finished:  \(iso.string(from: finished))") }
        if let worker = job.worker { print("worker:    \(worker)") }
        if let result = job.result { print("result:    \(result)") }
        if let error = job.error { print("error:     \(error)") }
    }

    /// A refresh's PNRs are counted, not printed: this output lands in terminals and tickets.
    static func arguments(of job: Job) -> String {
        if job.kind == .refresh, let refresh = try? JSONDecoder().decode(JobArguments.Refresh.self, from: Data(job.arguments.utf8)) {
            return "\(refresh.pnrs.count) PNRs"
        }
        return job.arguments
    }
}

/// A progress bar for a job on stderr: done/total, items per second, ETA.
final class JobProgressBar: @unchecked Sendable {
    private let started = Date()
    private var firstDone: Int?

    static func forTerminal() -> JobProgressBar? {
        isatty(STDERR_FILENO) == 1 ? JobProgressBar() : nil
    }

    func update(_ job: Job) {
        let total = job.total ?? 0
        if firstDone == nil { firstDone = job.done }
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(job.done - (firstDone ?? 0)) / elapsed : 0
        let fraction = total > 0 ? min(1, Double(job.done) / Double(total)) : 0
        let width = 30, filled = Int(fraction * Double(width))
        let eta = rate > 0 && total > job.done ? String(format: "%.0fs", Double(total - job.done) / rate) : "-"
        let line = String(
            format: "\r%@ %@ [%@%@] %ld/%@ %.1f/s ETA %@ ",
            "job \(job.id)", job.kind.rawValue, String(repeating: "#", count: filled), String(repeating: ".", count: width - filled),
            job.done, total > 0 ? "\(total)" : "?", rate, eta
        )
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
