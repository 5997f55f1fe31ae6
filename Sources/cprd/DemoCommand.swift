import ArgumentParser
import CPRGenerator
import CPRIngest
import CPRRuntime
import CPRServer
import CPRStore
import Dispatch
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run everything on this machine: a private PostgreSQL, synthetic CPR data, and the query server on loopback.",
        discussion: """
            Starts PostgreSQL in --data-dir (created on first use, reused after; as root it runs \
            as the postgres user), migrates, generates synthetic persons and change files, ingests \
            them, registers a demo user system and agreement, and serves plain HTTP on 127.0.0.1. \
            It prints a curl command that looks a person up. Ctrl-C stops the server and PostgreSQL.
            """
    )

    @Option(help: "Folder for PostgreSQL's data and the generated files.")
    var dataDir = "./demo-data"

    @Option(help: "Persons in the generated status extract (first run only).")
    var persons = 5000

    @Option(help: "Change files after the extract (first run only).")
    var changes = 5

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 2026

    @Option(help: "Port on 127.0.0.1 to serve on.")
    var port = 8080

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "error"

    static let systemName = "cprd demo"

    func run() async throws {
        Logs.bootstrap(level: try Logs.level(from: logLevel))
        let logger = Logger(label: "cprd.demo")
        let folder = URL(fileURLWithPath: dataDir).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let clusterFolder = try Self.clusterFolder(in: folder)

        Self.say("demo: starting PostgreSQL in \(clusterFolder)")
        let postgres = try PrivatePostgres.start(dataDirectory: clusterFolder)
        // Until the server's own signal handling takes over, Ctrl-C must still stop PostgreSQL.
        let early = Self.stopOnSignal(postgres)
        defer {
            Self.say("demo: stopping PostgreSQL")
            postgres.stop()
        }

        try await Database.run(postgres.url, maximumConnections: 1, logger: logger) { admin in
            let exists = try await admin.client.query(
                "SELECT 1 FROM pg_database WHERE datname = 'cprd'", logger: logger
            ).collect().isEmpty == false
            if !exists { try await admin.client.query("CREATE DATABASE cprd", logger: logger) }
        }
        let url = postgres.url.with(database: "cprd")
        let options = (persons: persons, changes: changes, seed: seed, port: port)
        try await Database.run(url, maximumConnections: 16, logger: logger) { database in
            _ = try await Migrator().migrate(database)
            try await Self.loadIfEmpty(database, folder: folder, options: (options.persons, options.changes, options.seed), logger: logger)
            let (system, agreement) = try await Self.demoAccess(database)
            let (pnr, lastName) = try await database.client.query("""
                SELECT pnr, last_name FROM person WHERE status = '01' AND NOT name_address_protected ORDER BY pnr LIMIT 1
                """, logger: logger).decode((String, String).self).collect().first ?? ("0000000000", "hansen")
            let searchName = lastName.lowercased().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "hansen"

            var settings = ServerSettings(listen: ListenAddress(host: "127.0.0.1", port: options.port), transport: .insecureHTTP)
            settings.accessRefreshInterval = .seconds(2)
            let server = QueryServer(settings: settings, database: database, logger: logger) { address in
                FileHandle.standardOutput.write(Data("""

                    demo: serving on http://\(address) (development mode: plain HTTP, loopback only)
                    demo: user system \(system), agreement \(agreement) (all scopes)
                    demo: look a person up:

                    curl -s -H 'X-Service-Agreement: \(agreement)' -H 'X-User-System: \(system)' http://\(address)/v1/persons/\(pnr)

                    demo: more: /v1/persons?name=\(searchName)  /v1/changes  /v1/status  /metrics  /openapi.yaml
                    demo: Ctrl-C stops the server and PostgreSQL


                    """.utf8))
            }
            early.cancel()
            try await ServiceGroup(configuration: .init(
                services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            )).run()
        }
    }

    /// The cluster lives in the data folder unless, running as root, the postgres user
    /// cannot reach it (e.g. under /root); then in a folder of its own under /var/tmp.
    static func clusterFolder(in folder: String) throws -> String {
        let inside = folder + "/postgres"
        guard geteuid() == 0, !othersCanEnter(folder) else { return inside }
        // FNV-1a: the same folder maps to the same place on every run.
        let hash = folder.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
        let name = String(hash, radix: 16)
        let outside = "/var/tmp/cprd-demo-\(name)"
        Self.say("demo: the postgres user cannot enter \(folder); keeping PostgreSQL's data in \(outside)")
        return outside
    }

    /// Whether every folder from / down to `path` lets other users through (the postgres
    /// user is neither owner nor group of a root-made folder).
    static func othersCanEnter(_ path: String) -> Bool {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            var info = stat()
            guard stat(current, &info) == 0, info.st_mode & S_IXOTH != 0 else { return false }
        }
        return true
    }

    /// Generates and ingests data when the replica holds none (a reused folder keeps its data).
    static func loadIfEmpty(_ database: Database, folder: String, options: (persons: Int, changes: Int, seed: UInt64), logger: Logger) async throws {
        let status = try await ReplicationStatus.read(database, staleAfterDays: 36_500)
        if let date = status.lastProductionDate {
            Self.say("demo: the replica holds data up to production date \(date); reusing it")
            return
        }
        let filesFolder = folder + "/files"
        Self.say("demo: generating \(options.persons) persons and \(options.changes) change files in \(filesFolder)")
        let files = try Generator.write(
            GeneratorOptions(persons: options.persons, seed: options.seed, changes: options.changes), to: filesFolder
        )
        let outcome: Bool? = try await WriterLock.withLock(database, wait: false) {
            let ingestor = Ingestor(database: database, archive: nil)
            for file in files where file.kind != .asOfExtract {
                let summary = try await ingestor.ingest(file.path, kind: file.kind == .full ? .full : .change)
                Self.say("demo: \(summary)")
            }
            return true
        }
        guard outcome != nil else { throw CommandFailure(description: "demo: another process is writing to the replica") }
    }

    /// The demo system and its agreement, made on first use.
    static func demoAccess(_ database: Database) async throws -> (system: String, agreement: String) {
        let systems = try await AccessStore.systems(on: database)
        var system = systems.first(where: { $0.name == systemName && $0.isActive })?.id
        if system == nil {
            system = try await AccessStore.addSystem(name: systemName, fingerprint: nil, on: database)
        }
        let agreements = try await AccessStore.agreements(on: database)
        var agreement = agreements.first(where: { $0.systemID == system && $0.isActive })?.id
        if agreement == nil {
            agreement = try await AccessStore.addAgreement(
                system: system!, scopes: Set(Scope.allCases), municipalities: nil, name: "demo", on: database
            )
        }
        return (system!.uuidString.lowercased(), agreement!.uuidString.lowercased())
    }

    /// SIGINT/SIGTERM stop PostgreSQL and exit, while the demo is still setting up.
    static func stopOnSignal(_ postgres: PrivatePostgres) -> EarlySignals {
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Self.say("\ndemo: interrupted; stopping PostgreSQL")
                postgres.stop()
                Foundation.exit(130)
            }
            source.resume()
            return source
        }
        return EarlySignals(sources: sources)
    }

    struct EarlySignals: @unchecked Sendable {  // dispatch sources are thread-safe
        let sources: [any DispatchSourceSignal]
        func cancel() { for source in sources { source.cancel() } }
    }

    /// Unbuffered, so the lines appear in order with the server's and before a Ctrl-C.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
