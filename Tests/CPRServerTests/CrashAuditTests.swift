import CPRServer
import CPRStore
import Foundation
import HummingbirdTesting
import PostgresNIO
import Synchronization
import Testing

@Suite struct CrashAuditTests {
    /// `kill -9` of a serving process under load: every 200 a client received has its audit
    /// record, because the answer is sent only after the record's commit.
    @Test func everyAnswerReceivedBeforeAKillHasItsAuditRecord() async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        let server = try CPRDBinary.start(
            ["serve", "--insecure-http", "--listen", "127.0.0.1:0", "--database-url", CPRDBinary.urlText(population.url)],
            environment: ["CPRD_LOG_LEVEL": "error"]
        )
        defer {
            if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) }
            server.removeOutput()
        }
        let line = try await server.waitForLine(containing: "listening on http://127.0.0.1:")
        let port = try #require(Int(line.split(separator: ":").last ?? ""))

        let tally = Tally()
        let pnrs = population.active
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(10)))
                    client.connect()
                    defer { Task { try? await client.shutdown() } }
                    var index = worker
                    while !tally.stop.load(ordering: .relaxed) {
                        let call = callID("crash")
                        let request = Endpoint.request(.get, "/v1/persons/\(pnrs[index % pnrs.count])", as: grant, headers: headers(callID: call))
                        guard let response = try? await client.execute(request) else { return }
                        if response.status.code == 200 { tally.answered.withLock { $0.append(call) } }
                        index += 16
                    }
                }
            }
            // Load until enough answers came back (a loaded test machine may be slow), then kill.
            let deadline = ContinuousClock.now + .seconds(60)
            while tally.answered.withLock({ $0.count }) < 300, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            kill(server.process.processIdentifier, SIGKILL)
            try await Task.sleep(for: .milliseconds(200))
            tally.stop.store(true, ordering: .relaxed)
            try await group.waitForAll()
        }
        while server.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(server.process.terminationReason == .uncaughtSignal)

        let calls = tally.answered.withLock { $0 }
        #expect(calls.count >= 300, "the server was under load when it was killed")
        let recorded = try await population.withDatabase { database async throws in
            try await database.client.query(
                "SELECT call_id FROM audit_log WHERE call_id = ANY(\(calls)) AND status = 200", logger: Population.logger
            ).decode(String.self).collect()
        }
        let missing = Set(calls).subtracting(recorded)
        #expect(missing.isEmpty, "\(missing.count) of \(calls.count) answers have no audit record")
    }
}

/// What the load workers share: the call ids answered with 200, and when to stop.
final class Tally: Sendable {
    let answered = Mutex<[String]>([])
    let stop = Atomic<Bool>(false)
}
