/// Who is asking, once identified and found to hold an active agreement: what the routes
/// consult for scopes, protection and municipality limits.
struct Caller: Sendable {
    let system: UserSystem
    /// The system's id as lower-case text, as the audit log records it.
    let systemKey: String
    let agreement: ServiceAgreement

    func has(_ scope: Scope) -> Bool { agreement.scopes.contains(scope) }

    /// Protected persons' names and addresses are withheld unless the agreement grants them.
    var seesProtected: Bool { has(.protected) }

    /// Whether a person living in `municipality` is within the agreement. For persons without
    /// a current address (dead, emigrated, disappeared) the routes pass where they lived last
    /// (`LastMunicipality`).
    func covers(municipality: String?) -> Bool {
        guard let limits = agreement.municipalities else { return true }
        guard let municipality else { return false }
        return limits.contains(municipality)
    }

    func require(_ scope: Scope) throws(Problem) {
        guard has(scope) else {
            throw Problem.forbidden("the service agreement does not grant the \"\(scope.rawValue)\" scope")
        }
    }
}
