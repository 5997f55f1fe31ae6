import HTTPTypes

/// The invocation context of a request, as Serviceplatformen's InvocationContext carries it.
extension HTTPField.Name {
    /// The service agreement the request is made under (UUID). Required on /v1.
    static let serviceAgreement = HTTPField.Name("X-Service-Agreement")!
    /// The calling user system (UUID): proven by the client certificate in production,
    /// taken from this header in development mode.
    static let userSystem = HTTPField.Name("X-User-System")!
    /// The person or process at the user system that asked.
    static let user = HTTPField.Name("X-User")!
    /// On whose behalf (e.g. the citizen or case).
    static let onBehalfOf = HTTPField.Name("X-On-Behalf-Of")!
    static let accountingInfo = HTTPField.Name("X-Accounting-Info")!
    /// The caller's id for this call, kept in the audit log to match its records.
    static let callID = HTTPField.Name("X-Call-Id")!
}
