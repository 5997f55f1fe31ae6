import ArgumentParser
import CPRBackfill
import CPRStore
import Foundation

struct SubscriptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriptions",
        abstract: "Keep the local list of PNR and municipality subscriptions and push it to CPR Abonnement (SF6002).",
        discussion: """
            add and remove change the local list; push sends the changes to subscription_url \
            (with service_tls_certificate/key/ca, subscription_service_agreement, \
            subscription_user_system, subscription_user) and records each answer (ADDED, \
            REMOVED, ALREADY_EXISTED, NON_EXISTING_PNR). A 997 receipt in an applied change \
            file marks a PNR subscription as ended upstream.
            """,
        subcommands: [Add.self, Remove.self, List.self, Push.self]
    )

    /// What `add` and `remove` take: PNRs and municipality codes.
    struct Targets: ParsableArguments {
        @Option(name: .customLong("municipality"), help: "A municipality code, e.g. 0851 (repeatable).")
        var municipalities: [String] = []
        @Argument(help: "PNRs, 10 digits each.")
        var pnrs: [String] = []

        /// Validates the targets, changes the list with `change`, and says what happened.
        func apply(_ global: GlobalOptions, _ change: @escaping @Sendable (SubscriptionList, [(Subscription.Kind, String)]) async throws -> Int, done: String) async throws {
            let entries = try SubscriptionList.entries(pnrs: pnrs, municipalities: municipalities)
            let changed = try await withBackfillDatabase(global, label: "cprd.subscriptions") { database in
                try await change(SubscriptionList(database: database), entries)
            }
            print("\(changed) of \(entries.count) \(done); `cprd subscriptions push` sends them upstream")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Subscribe to PNRs and/or municipalities (pushed by `push`).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var targets: Targets

        func run() async throws {
            try await targets.apply(global, { try await $0.add($1) }, done: "added to the list")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unsubscribe PNRs and/or municipalities (pushed by `push`).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var targets: Targets

        func run() async throws {
            try await targets.apply(global, { try await $0.remove($1) }, done: "marked for removal")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the list: kind, value, state, the last upstream answer.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let entries = try await withBackfillDatabase(global, label: "cprd.subscriptions") { database in
                try await SubscriptionList(database: database).all()
            }
            if entries.isEmpty { print("no subscriptions") }
            for entry in entries {
                print(pad(entry.kind.rawValue, 14) + pad(entry.value, 12) + pad(entry.state.rawValue, 10) + (entry.answer ?? ""))
            }
        }
    }

    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send added and removed entries upstream, record the answers, and compare with GetAllFilters."
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let configuration = try global.configuration()
            guard let settings = try WorkerSettings(configuration).subscriptionService else {
                throw CommandFailure(description: "subscriptions push: subscription_url is not configured")
            }
            let outcome = try await withBackfillDatabase(global, label: "cprd.subscriptions") { database in
                try await SubscriptionPush(list: SubscriptionList(database: database), service: SubscriptionService(settings: settings)).push()
            }
            for line in outcome.lines {
                print("\(line.kind.rawValue) \(line.value): \(line.answer) → \(line.state.rawValue)")
            }
            if outcome.lines.isEmpty { print("nothing to push") }
            for entry in outcome.onlyUpstream { print("upstream holds \(entry), which the list does not") }
            for entry in outcome.missingUpstream { print("upstream lacks \(entry), which the list has active") }
        }
    }
}
