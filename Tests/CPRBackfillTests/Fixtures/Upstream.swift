import CPRBackfill
import Foundation
import CPRTestSupport

/// Worker settings pointing at a test upstream server with the test client certificate.
extension UpstreamServer {
    static func started() async throws -> (UpstreamServer, Certificates) {
        let certificates = try Certificates.shared.get()
        return (try await UpstreamServer(certificates: certificates), certificates)
    }

    func tls(_ certificates: Certificates, stranger: Bool = false) -> ServiceEndpoint.TLS {
        ServiceEndpoint.TLS(
            certificate: stranger ? certificates.strangerCertificate : certificates.clientCertificate,
            key: stranger ? certificates.strangerKey : certificates.clientKey,
            certificateAuthority: certificates.ca
        )
    }

    func workerSettings(_ certificates: Certificates, stranger: Bool = false) -> WorkerSettings {
        WorkerSettings(
            personSource: ServiceEndpoint(url: personURL, tls: tls(certificates, stranger: stranger), timeoutSeconds: 10),
            subscriptionService: subscriptionSettings(certificates),
            pollInterval: .milliseconds(100), retryDelay: .zero
        )
    }

    func subscriptionSettings(_ certificates: Certificates) -> SubscriptionService.Settings {
        SubscriptionService.Settings(
            endpoint: ServiceEndpoint(url: subscriptionURL, tls: tls(certificates), timeoutSeconds: 10),
            context: .init(serviceAgreement: "3b0a1c9e-0000-4000-8000-000000000001", userSystem: "3b0a1c9e-0000-4000-8000-000000000002", user: "")
        )
    }

    func setPerson(_ pnr: String, _ answer: PersonAnswer) {
        state.withLock { $0.persons[pnr] = answer }
    }

    func requests(for pnr: String) -> Int {
        state.withLock { $0.personRequests[pnr] ?? 0 }
    }
}
