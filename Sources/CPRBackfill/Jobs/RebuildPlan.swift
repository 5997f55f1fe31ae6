import CPRIngest
import Foundation

/// The archive files a rebuild replays: the newest status extract up to the chosen date and
/// every change file after it, in production-date order. Archive names are
/// `YYYYMMDD-kind-<first 16 hex of sha256>.cpr` (see `Archive`).
struct RebuildPlan: Sendable, Equatable {
    struct File: Sendable, Equatable {
        var path: String
        var productionDate: String  // YYYY-MM-DD
        var kind: IngestKind
        var shaPrefix: String
    }

    var files: [File]

    init(archive directory: String, upTo: String?) throws(BackfillError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .archive("cannot read the archive folder \(directory): \(error.localizedDescription)")
        }
        var found: [File] = []
        for name in names where name.hasSuffix(".cpr") && !name.hasPrefix(".") {
            let parts = name.dropLast(4).split(separator: "-")
            guard parts.count == 3, parts[0].count == 8, parts[0].allSatisfy(\.isNumber),
                  let kind = IngestKind(rawValue: String(parts[1]))
            else { continue }
            let digits = parts[0]
            let date = "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
            if let upTo, date > upTo { continue }
            found.append(File(path: "\(directory)/\(name)", productionDate: date, kind: kind, shaPrefix: String(parts[2])))
        }
        guard let base = found.filter({ $0.kind == .full }).max(by: { ($0.productionDate, $0.path) < ($1.productionDate, $1.path) }) else {
            throw .archive("\(directory) holds no status extract\(upTo.map { " up to \($0)" } ?? ""); a rebuild starts from one")
        }
        let changes = found.filter { $0.kind == .change && $0.productionDate > base.productionDate }
            .sorted { ($0.productionDate, $0.path) < ($1.productionDate, $1.path) }
        files = [base] + changes
    }
}
