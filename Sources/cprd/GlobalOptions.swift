import ArgumentParser
import CPRRuntime
import CPRStore
import Foundation
import Logging

/// Options every command takes: where configuration comes from and how loudly to log.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $CPRD_CONFIG, else /etc/cprd/cprd.conf if present).")
    var config: String?

    @Option(name: .long, help: "PostgreSQL connection URL (CPRD_DATABASE_URL), e.g. postgres://cprd@127.0.0.1:5432/cprd.")
    var databaseURL: String?

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (CPRD_LOG_LEVEL).")
    var logLevel: String?

    /// The merged configuration; `extra` adds a command's own flags.
    func configuration(extra: [String: String?] = [:]) throws -> Configuration {
        var flags: [String: String?] = ["database_url": databaseURL, "log_level": logLevel]
        flags.merge(extra) { $1 }
        return try Configuration(file: config, flags: flags)
    }

    /// Loads configuration and installs logging; returns both plus a logger for `label`.
    func start(_ label: String, extra: [String: String?] = [:]) throws -> (Configuration, Logger) {
        let configuration = try configuration(extra: extra)
        Logs.bootstrap(level: try Logs.level(from: configuration.string("log_level")))
        return (configuration, Logger(label: label))
    }

    func databaseURL(from configuration: Configuration) throws -> DatabaseURL {
        let text = try configuration.require("database_url")
        do {
            return try DatabaseURL(text)
        } catch {
            throw ConfigurationError(key: "database_url", source: configuration["database_url"]!.source, problem: error.problem)
        }
    }
}

/// For one-shot commands: a database that stays unreachable ends the process with exit code 3
/// and a clear message. PostgreSQL rolls back whatever was in flight.
let exitWhenDatabaseUnreachable: @Sendable (DatabaseUnreachable) -> Void = { error in
    FileHandle.standardError.write(Data("cprd: \(error)\n".utf8))
    exit(3)
}

/// Errors a command reports to the operator and exits non-zero with.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32 = 1
}
