import Foundation

/// What a service agreement may do. Routes need one scope each; `protected` is not a
/// route but lifts the withholding of protected persons' names and addresses.
public enum Scope: String, CaseIterable, Sendable, Codable, Comparable {
    case lookup, search, history, changes, protected

    public static func < (lhs: Scope, rhs: Scope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// "lookup,search" → scopes; nil names the first unknown one.
    public static func parse(list text: String) -> Result<Set<Scope>, ScopeError> {
        var scopes: Set<Scope> = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let scope = Scope(rawValue: name) else { return .failure(ScopeError(name: name)) }
            scopes.insert(scope)
        }
        return scopes.isEmpty ? .failure(ScopeError(name: "")) : .success(scopes)
    }
}

public struct ScopeError: Error, CustomStringConvertible {
    public let name: String
    public var description: String {
        "unknown scope \"\(name)\": scopes are \(Scope.allCases.map(\.rawValue).joined(separator: ", "))"
    }
}
