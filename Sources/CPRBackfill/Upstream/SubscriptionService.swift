import CPRFormat
import CPRRuntime
import Foundation

/// SF6002 CprSubscriptionService: adds and removes PNR and municipality subscriptions upstream
/// and lists the filters upstream holds.
public struct SubscriptionService: Sendable {
    /// Serviceplatformen's InvocationContext: who calls, under which agreement.
    public struct InvocationContext: Sendable {
        public var serviceAgreement: String
        public var userSystem: String
        public var user: String
        /// CPR Abonnement's service UUID.
        public var service: String

        public init(serviceAgreement: String, userSystem: String, user: String, service: String = Self.cprSubscriptionService) {
            self.serviceAgreement = serviceAgreement
            self.userSystem = userSystem
            self.user = user
            self.service = service
        }

        public static let cprSubscriptionService = "9cdccc2f-3243-11e2-8fef-d4bed98c5934"
    }

    public struct Settings: Sendable {
        public var endpoint: ServiceEndpoint
        public var context: InvocationContext

        public init(endpoint: ServiceEndpoint, context: InvocationContext) {
            self.endpoint = endpoint
            self.context = context
        }

        /// From `subscription_url` and `subscription_service_agreement`, `subscription_user_system`,
        /// `subscription_user`; nil when `subscription_url` is unset.
        init?(_ configuration: Configuration, tls: ServiceEndpoint.TLS) throws(ConfigurationError) {
            guard let url = configuration.string("subscription_url") else { return nil }
            let endpoint = try ServiceEndpoint.checked(url, key: "subscription_url", configuration: configuration, tls: tls)
            let context = InvocationContext(
                serviceAgreement: try configuration.require("subscription_service_agreement"),
                userSystem: try configuration.require("subscription_user_system"),
                user: configuration.string("subscription_user") ?? "",
                service: configuration.string("subscription_service_uuid") ?? InvocationContext.cprSubscriptionService
            )
            self.init(endpoint: endpoint, context: context)
        }
    }

    /// The `<Result>` of an add or remove, as CPR Abonnement spells it.
    public enum Answer: String, Sendable, Equatable {
        case added = "ADDED"
        case removed = "REMOVED"
        case alreadyExisted = "ALREADY_EXISTED"
        case nonExistingPNR = "NON_EXISTING_PNR"
    }

    /// The filters upstream holds.
    public struct Filters: Sendable, Equatable {
        public var pnrs: Set<String>
        public var municipalities: Set<String>
    }

    let settings: Settings
    let client: HTTPSClient

    public init(settings: Settings) {
        self.settings = settings
        client = HTTPSClient(endpoint: settings.endpoint)
    }

    public func addPNR(_ pnr: PNR) async throws -> Answer {
        try await change("AddPNRSubscription", pnr: pnr.digits)
    }

    public func removePNR(_ pnr: PNR) async throws -> Answer {
        try await change("RemovePNRSubscription", pnr: pnr.digits)
    }

    public func addMunicipality(_ code: String) async throws -> Answer {
        try await change("AddMunicipalityCodeSubscription", municipality: code)
    }

    public func removeMunicipality(_ code: String) async throws -> Answer {
        try await change("RemoveMunicipalityCodeSubscription", municipality: code)
    }

    public func allFilters() async throws -> Filters {
        let xml = try await call("GetAllFilters", pnr: nil, municipality: nil)
        return Filters(
            pnrs: Set(SOAPEnvelope.texts(of: "PNR", in: xml)),
            municipalities: Set(SOAPEnvelope.texts(of: "MunicipalityCode", in: xml).map(Self.municipalityCode))
        )
    }

    /// Municipality codes are four digits in cprd ("0101"); the service's type is an integer.
    static func municipalityCode(_ text: String) -> String {
        guard let number = Int(text) else { return text }
        return String(format: "%04d", number)
    }

    private func change(_ operation: String, pnr: String? = nil, municipality: String? = nil) async throws -> Answer {
        let xml = try await call(operation, pnr: pnr, municipality: municipality.map { String(Int($0) ?? 0) })
        guard let text = SOAPEnvelope.texts(of: "Result", in: xml).first else {
            throw BackfillError.upstream("\(operation): the answer has no Result")
        }
        guard let answer = Answer(rawValue: text) else {
            throw BackfillError.upstream("\(operation): unexpected Result \"\(PersonSource.withoutDigitRuns(text))\"")
        }
        return answer
    }

    private func call(_ operation: String, pnr: String?, municipality: String?) async throws -> String {
        let body = SOAPEnvelope.request(operation, context: settings.context, pnr: pnr, municipality: municipality)
        let response = try await client.post(body: body, headers: [
            "Content-Type: text/xml; charset=ISO-8859-1",
            "SOAPAction: \"\(SOAPEnvelope.serviceNamespace)\(operation)\"",
        ])
        // Serviceplatformen answers ISO-8859-1; every byte is one character.
        let xml = String(response.body.map { Character(Unicode.Scalar($0)) })
        if let fault = SOAPEnvelope.texts(of: "faultstring", in: xml).first {
            throw BackfillError.upstream("\(operation): SOAP fault: \(PersonSource.withoutDigitRuns(fault))")
        }
        guard response.status == 200 else {
            throw BackfillError.upstream("\(operation): HTTP \(response.status)")
        }
        return xml
    }
}
