import ArgumentParser
import CPRRuntime
import CPRStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the bundled SQL migrations in order, once each, under an advisory lock.",
        discussion: """
            Refuses a database that holds a migration this binary does not know, or one whose \
            checksum changed since it was applied; the database is left untouched then.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Only list the bundled migrations and whether each is applied.")
    var list = false

    func run() async throws {
        let (configuration, logger) = try global.start("cprd.migrate")
        let url = try global.databaseURL(from: configuration)
        let list = self.list
        try await Database.run(url, maximumConnections: 2, logger: logger, onUnreachable: exitWhenDatabaseUnreachable) { database in
            let migrator = Migrator()
            if list {
                let recorded = try await database.client.withConnection { connection in
                    try await Migrator.recorded(on: connection, logger: logger)
                }
                for migration in migrator.migrations {
                    print(String(format: "%04d %@ %@", migration.version, migration.name, recorded[migration.version] == nil ? "pending" : "applied"))
                }
                return
            }
            do {
                let report = try await migrator.migrate(database)
                print("migrate: applied \(report.applied.count), already applied \(report.alreadyApplied.count), database \(url)")
            } catch let error as MigrationError {
                throw CommandFailure(description: "migrate: refused: \(error)")
            }
        }
    }
}
