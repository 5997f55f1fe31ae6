import ArgumentParser

@main
struct CPRD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cprd",
        abstract: "A decentral CPR replica: ingest CPR files into PostgreSQL and answer lookups from it.",
        subcommands: [
            MigrateCommand.self,
            IngestCommand.self,
            SyncCommand.self,
            StatusCommand.self,
            GenerateCommand.self,
            ServeCommand.self,
            AccessCommand.self,
            UsageCommand.self,
            DemoCommand.self,
            BackfillCommand.self,
            SubscriptionsCommand.self,
        ]
    )
}
