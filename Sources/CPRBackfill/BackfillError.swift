/// Why a backfill command or job could not do what was asked. Messages name no PNR: they
/// reach the technical log.
public enum BackfillError: Error, CustomStringConvertible, Equatable {
    case invalidArgument(String)
    case noSuchJob(Int64)
    case corruptJob(id: Int64)
    case notConfigured(key: String, purpose: String)
    case archive(String)
    case rebuild(String)
    case upstream(String)
    case purgeRefused(String)

    public var description: String {
        switch self {
        case .invalidArgument(let problem): problem
        case .noSuchJob(let id): "there is no backfill job \(id)"
        case .corruptJob(let id): "job \(id) has arguments or a checkpoint this cprd cannot read"
        case .notConfigured(let key, let purpose): "\(key) is not configured; it is needed \(purpose)"
        case .archive(let problem): "archive: \(problem)"
        case .rebuild(let problem): "rebuild: \(problem)"
        case .upstream(let problem): "upstream: \(problem)"
        case .purgeRefused(let problem): "purge refused: \(problem)"
        }
    }
}
