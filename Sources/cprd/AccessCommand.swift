import ArgumentParser
import CPRServer
import CPRStore
import Foundation

struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Manage the user systems and service agreements that may query the replica.",
        discussion: """
            A user system is proven by its client certificate (SHA-256 fingerprint). A service \
            agreement grants one system scopes — lookup, search, history, changes, protected — \
            optionally only for persons in some municipalities (a person who died, emigrated or \
            disappeared counts where they lived last; search finds current residents only). \
            Requests name the agreement in \
            X-Service-Agreement. A running server picks changes up within a few seconds.
            """,
        subcommands: [AddSystem.self, AddCertificate.self, AddAgreement.self, List.self, Revoke.self]
    )

    /// Runs `body` against the configured database, which must be migrated.
    static func withDatabase<T: Sendable>(_ global: GlobalOptions, _ body: @escaping @Sendable (Database) async throws -> T) async throws -> T {
        let (configuration, logger) = try global.start("cprd.access")
        let url = try global.databaseURL(from: configuration)
        return try await Database.run(url, maximumConnections: 2, logger: logger) { database in
            guard try await Migrator().isCurrent(database) else {
                throw CommandFailure(description: "access: the database schema is not current; run `cprd migrate` first")
            }
            do {
                return try await body(database)
            } catch let error as AccessError {
                throw CommandFailure(description: "access: \(error)")
            }
        }
    }

    struct AddSystem: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-system", abstract: "Register a user system; prints its id (X-User-System)."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A name people recognise, e.g. the case system's product and owner.") var name: String
        @Option(help: "SHA-256 fingerprint of its client certificate (hex, colons allowed).") var certFingerprint: String?
        @Option(help: "Its client certificate (PEM); the fingerprint is computed from it.") var certFile: String?

        func run() async throws {
            let fingerprint = try certFile.map { try CertificateFingerprint.of(pemFile: $0) } ?? certFingerprint
            let name = self.name
            let id = try await AccessCommand.withDatabase(global) { database in
                try await AccessStore.addSystem(name: name, fingerprint: fingerprint, on: database)
            }
            print(id.uuidString.lowercased())
        }
    }

    struct AddCertificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-certificate", abstract: "Add a client certificate to a system (e.g. for a rollover)."
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "The system's id.") var system: String
        @Option(help: "SHA-256 fingerprint of the certificate.") var certFingerprint: String?
        @Option(help: "The certificate (PEM).") var certFile: String?

        func run() async throws {
            guard let id = UUID(uuidString: system) else { throw ValidationError("--system is a UUID") }
            guard let fingerprint = try certFile.map({ try CertificateFingerprint.of(pemFile: $0) }) ?? certFingerprint else {
                throw ValidationError("give --cert-fingerprint or --cert-file")
            }
            try await AccessCommand.withDatabase(global) { database in
                try await AccessStore.addCertificate(system: id, fingerprint: fingerprint, on: database)
            }
        }
    }

    struct AddAgreement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-agreement", abstract: "Grant a system scopes; prints the agreement's id (X-Service-Agreement)."
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "The system's id.") var system: String
        @Option(help: "Comma-separated: lookup, search, history, changes, protected.") var scopes: String
        @Option(help: "Comma-separated municipality codes the agreement is limited to (default: all).") var municipalities: String?
        @Option(help: "A description, e.g. the contract's reference.") var name: String = ""

        func run() async throws {
            guard let id = UUID(uuidString: system) else { throw ValidationError("--system is a UUID") }
            let scopes: Set<Scope>
            switch Scope.parse(list: self.scopes) {
            case .success(let parsed): scopes = parsed
            case .failure(let error): throw ValidationError("--scopes: \(error)")
            }
            let codes = municipalities.map { $0.split(separator: ",").map { String($0) } }
            let name = self.name
            let agreement = try await AccessCommand.withDatabase(global) { database in
                try await AccessStore.addAgreement(system: id, scopes: scopes, municipalities: codes, name: name, on: database)
            }
            print(agreement.uuidString.lowercased())
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List systems and their agreements.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let (systems, agreements) = try await AccessCommand.withDatabase(global) { database in
                (try await AccessStore.systems(on: database), try await AccessStore.agreements(on: database))
            }
            if json {
                struct Listing: Encodable { var systems: [UserSystem]; var agreements: [ServiceAgreement] }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(Listing(systems: systems, agreements: agreements)), as: UTF8.self))
                return
            }
            for system in systems {
                let state = system.isActive ? "active" : "revoked"
                print("system \(system.id.uuidString.lowercased()) \(state) \"\(system.name)\"")
                for fingerprint in system.fingerprints { print("  certificate sha256:\(fingerprint)") }
                for agreement in agreements where agreement.systemID == system.id {
                    let scopes = agreement.scopes.sorted().map(\.rawValue).joined(separator: ",")
                    let limits = agreement.municipalities.map { " municipalities=" + $0.sorted().joined(separator: ",") } ?? ""
                    let label = agreement.name.isEmpty ? "" : " \"\(agreement.name)\""
                    print("  agreement \(agreement.id.uuidString.lowercased()) \(agreement.isActive ? "active" : "revoked") scopes=\(scopes)\(limits)\(label)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke an agreement, or a system and with it all its agreements."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The agreement's or system's id.") var id: String

        func run() async throws {
            guard let uuid = UUID(uuidString: id) else { throw ValidationError("the id is a UUID") }
            let revoked = try await AccessCommand.withDatabase(global) { database in
                try await AccessStore.revoke(uuid, on: database)
            }
            guard revoked else { throw CommandFailure(description: "access: no active agreement or system \(id)") }
            print("revoked \(id.lowercased())")
        }
    }
}
