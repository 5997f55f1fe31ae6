/// A kind of job the worker runs. `run` picks up from the context's checkpoint; `abandon`
/// undoes half-done work when the job is cancelled or fails for good.
protocol BackfillJob: Sendable {
    /// Does the work; returns the line `cprd backfill show` prints as the result.
    func run(_ context: JobContext) async throws -> String
    func abandon(_ context: JobContext) async throws
}

extension BackfillJob {
    func abandon(_ context: JobContext) async throws {}
}
