import ArgumentParser
import CPRBackfill

struct BackfillCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a job: at once if it has not started, else at its next checkpoint. A rebuild's unfinished copy is dropped (the replica is untouched); a refresh or purge keeps the batches it committed."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's id.")
    var id: Int64

    func run() async throws {
        let id = self.id
        let outcome = try await withBackfillDatabase(global, label: "cprd.backfill") { database in
            try await JobQueue(database: database).cancel(id)
        }
        switch outcome {
        case .cancelled: print("job \(id) cancelled")
        case .requested: print("job \(id): cancel requested; the worker stops it at its next checkpoint (follow with `cprd backfill show \(id) --follow`)")
        case .alreadyFinished(let state): print("job \(id) already \(state.rawValue); nothing to cancel")
        }
    }
}
