@testable import CPRBackfill
import CPRFormat
import CPRStore
import CPRTestSupport
import Foundation
import PostgresNIO
import Testing

/// The local list, `push` against a real HTTPS SF6002 service, and 997 receipts.
@Suite struct SubscriptionTests {
    static func states(_ replica: Replica) async throws -> [String: String] {
        let entries = try await replica.withDatabase { try await SubscriptionList(database: $0).all() }
        return Dictionary(uniqueKeysWithValues: entries.map { ("\($0.kind.rawValue) \($0.value)", $0.state.rawValue) })
    }

    @Test func pushSendsChangesRecordsEachAnswerAndComparesFilters() async throws {
        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        let replica = try await Replica.make(persons: 10, seed: 121, changes: 0)
        defer { replica.remove() }
        let (held, added, unknown, foreign) = ("0101011001", "0101011002", "0101011003", "0101011004")
        server.state.withLock { state in
            state.pnrs = [held, foreign]
            state.unknownPNRs = [unknown]
        }
        let service = SubscriptionService(settings: server.subscriptionSettings(certificates))
        let outcome = try await replica.withDatabase { database in
            let list = SubscriptionList(database: database)
            try await list.add(try SubscriptionList.entries(pnrs: [held, added, unknown], municipalities: ["851"]))
            return try await SubscriptionPush(list: list, service: service).push()
        }
        #expect(Set(outcome.lines.map { "\($0.value) \($0.answer)" }) == [
            "\(held) ALREADY_EXISTED", "\(added) ADDED", "\(unknown) NON_EXISTING_PNR", "0851 ADDED",
        ])
        #expect(try await Self.states(replica) == [
            "pnr \(held)": "active", "pnr \(added)": "active", "pnr \(unknown)": "rejected", "municipality 0851": "active",
        ])
        #expect(outcome.onlyUpstream == ["pnr \(foreign)"])
        #expect(outcome.missingUpstream.isEmpty)
        #expect(server.state.withLock { $0.municipalities } == ["0851"])

        let second = try await replica.withDatabase { database in
            let list = SubscriptionList(database: database)
            try await list.remove(try SubscriptionList.entries(pnrs: [added], municipalities: []))
            return try await SubscriptionPush(list: list, service: service).push()
        }
        #expect(second.lines.map(\.answer) == ["REMOVED"])
        #expect(try await Self.states(replica)["pnr \(added)"] == "removed")
        #expect(server.state.withLock { $0.pnrs } == [held, foreign])
    }

    @Test func aSOAPFaultStopsThePushAndLeavesTheEntryPending() async throws {
        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        let replica = try await Replica.make(persons: 10, seed: 122, changes: 0)
        defer { replica.remove() }
        server.state.withLock { $0.faultingOperations = ["AddPNRSubscription"] }
        let service = SubscriptionService(settings: server.subscriptionSettings(certificates))
        await #expect(throws: BackfillError.self) {
            try await replica.withDatabase { database in
                let list = SubscriptionList(database: database)
                try await list.add(try SubscriptionList.entries(pnrs: ["0101011005"], municipalities: []))
                _ = try await SubscriptionPush(list: list, service: service).push()
            }
        }
        #expect(try await Self.states(replica) == ["pnr 0101011005": "adding"])
    }

    @Test func badInputIsRefusedBeforeAnythingIsStored() throws {
        #expect(throws: BackfillError.self) { try SubscriptionList.entries(pnrs: ["010101-1005"], municipalities: []) }
        #expect(throws: BackfillError.self) { try SubscriptionList.entries(pnrs: [], municipalities: ["08510"]) }
        #expect(throws: BackfillError.self) { try SubscriptionList.entries(pnrs: [], municipalities: []) }
        #expect(try SubscriptionList.entries(pnrs: [], municipalities: ["851"]).map(\.1) == ["0851"])
    }

    @Test func a997ReceiptInAChangeFileEndsTheSubscription() async throws {
        let replica = try await Replica.make(persons: 800, seed: 123, changes: 2, apply: 1, receipts: true)
        defer { replica.remove() }
        let text = try String(contentsOfFile: replica.files[1].path, encoding: .isoLatin1)
        let receipted = text.split(separator: "\n").filter { $0.hasPrefix("997") }.map { String($0.dropFirst(3).prefix(10)) }
        try #require(!receipted.isEmpty)
        let other = "0101011006"
        try await replica.withDatabase { database in
            let list = SubscriptionList(database: database)
            try await list.add(try SubscriptionList.entries(pnrs: receipted + [other], municipalities: []))
            try await database.client.query("UPDATE subscription SET state = 'active', changed_at = now() - interval '1 hour'", logger: Replica.logger)
        }
        try await replica.ingest([replica.files[1]])
        let states = try await Self.states(replica)
        for pnr in receipted { #expect(states["pnr \(pnr)"] == "ended") }
        #expect(states["pnr \(other)"] == "active")
        let endedBy: Int64? = try await replica.scalar("SELECT max(ended_by_file) FROM subscription")
        #expect(endedBy == (try await replica.scalar("SELECT max(id) FROM ingest_file WHERE outcome = 'applied'")))
    }
}
