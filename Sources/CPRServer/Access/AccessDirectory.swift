import CPRStore
import Foundation
import Logging
import Synchronization

/// The systems and agreements, held in memory so that checking a request costs no round
/// trip. Reloaded every few seconds (a revocation takes effect within that interval), and
/// when a request names an agreement not yet known: such requests share one reload, at most
/// one per `minimumReloadGap`, and wait for it (a flood of unknown ids costs no more).
final class AccessDirectory: Sendable {
    private struct Snapshot: Sendable {
        /// Keyed by the id as lower-case text: a request's header is looked up without parsing.
        var agreements: [String: ServiceAgreement] = [:]
        var systems: [String: UserSystem] = [:]
        var systemByFingerprint: [String: String] = [:]
        var loadedAt = ContinuousClock.Instant.now - .seconds(3600)
    }

    private let snapshot = Mutex(Snapshot())
    /// The reload requests with an unknown agreement are waiting for.
    private let pendingReload = Mutex<Task<Void, Never>?>(nil)
    private let database: Database
    private let refreshInterval: Duration
    private let minimumReloadGap: Duration = .milliseconds(250)

    init(database: Database, refreshInterval: Duration) {
        self.database = database
        self.refreshInterval = refreshInterval
    }

    func reload() async throws {
        let systems = try await AccessStore.systems(on: database)
        let agreements = try await AccessStore.agreements(on: database)
        var next = Snapshot()
        for system in systems {
            let key = system.id.uuidString.lowercased()
            next.systems[key] = system
            for fingerprint in system.fingerprints { next.systemByFingerprint[fingerprint] = key }
        }
        for agreement in agreements { next.agreements[agreement.id.uuidString.lowercased()] = agreement }
        next.loadedAt = .now
        snapshot.withLock { $0 = next }
    }

    /// Reloads every `refreshInterval` until cancelled; a failed reload keeps the last state.
    func refreshLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: refreshInterval)
            if Task.isCancelled { return }
            do {
                try await reload()
            } catch {
                database.logger.warning("could not reload systems and agreements", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The caller a request's identity claims make, or the 403 that answers it.
    /// `certificate` is the client certificate's fingerprint (production); `systemHeader` is
    /// X-User-System, which names the system in development and must agree with the
    /// certificate in production.
    func identify(agreement agreementHeader: String?, systemHeader: String?, certificate: String?, requireCertificate: Bool) async throws(Problem) -> Caller {
        guard let agreementHeader, !agreementHeader.isEmpty else {
            throw .forbidden("X-Service-Agreement is required: the id of the service agreement the request is made under")
        }
        let key = Self.lowercased(agreementHeader)
        if snapshot.withLock({ $0.agreements[key] == nil }) {
            await reloadForUnknownAgreement()
        }
        let state = snapshot.withLock { $0 }

        let system: UserSystem, systemKey: String
        if requireCertificate {
            guard let certificate, let key = state.systemByFingerprint[certificate], let found = state.systems[key] else {
                throw .forbidden("the client certificate is not registered to a user system")
            }
            if let systemHeader, !systemHeader.isEmpty, Self.lowercased(systemHeader) != key {
                throw .forbidden("X-User-System does not name the system the client certificate belongs to")
            }
            (system, systemKey) = (found, key)
        } else {
            guard let systemHeader, !systemHeader.isEmpty else {
                throw .forbidden("X-User-System is required: the id of the calling user system")
            }
            let key = Self.lowercased(systemHeader)
            guard let found = state.systems[key] else {
                throw .forbidden("X-User-System does not name a registered user system")
            }
            (system, systemKey) = (found, key)
        }
        guard system.isActive else { throw .forbidden("the user system is revoked") }
        guard let agreement = state.agreements[key] else {
            throw .forbidden("X-Service-Agreement does not name a service agreement")
        }
        guard agreement.systemID == system.id else {
            throw .forbidden("the service agreement belongs to another user system")
        }
        guard agreement.isActive else { throw .forbidden("the service agreement is revoked") }
        return Caller(system: system, systemKey: systemKey, agreement: agreement)
    }

    /// Joins the reload in flight, or starts one once `minimumReloadGap` has passed since
    /// the last; a failed reload keeps the last state (the request is then refused).
    private func reloadForUnknownAgreement() async {
        let reload = pendingReload.withLock { pending in
            if let pending { return pending }
            let wait = minimumReloadGap - (ContinuousClock.now - snapshot.withLock(\.loadedAt))
            let task = Task {
                if wait > .zero { try? await Task.sleep(for: wait) }
                try? await self.reload()
                self.pendingReload.withLock { $0 = nil }
            }
            pending = task
            return task
        }
        await reload.value
    }

    /// Ids are written lower-case almost always: only copy the ones that are not.
    static func lowercased(_ text: String) -> String {
        text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) ? text.lowercased() : text
    }
}
