import CPRStore
import Foundation
import Hummingbird
import PostgresNIO

/// What operators and orchestrators call: liveness, readiness, metrics, the API description.
/// Not audited and without an agreement: they carry no person data.
struct OperationsRoutes: Sendable {
    let database: Database
    /// Where audit records go (the main database unless audit has its own).
    let auditDatabase: Database
    let metrics: ServerMetrics
    let audit: AuditWriter

    func register(on router: Router<APIContext>) {
        router.get("healthz", use: healthz)
        router.get("readyz", use: readyz)
        router.get("metrics", use: prometheus)
        router.get("openapi.yaml", use: openAPI)
    }

    /// The process answers: nothing else is checked, so a slow database never gets it killed.
    @Sendable func healthz(_ request: Request, context: APIContext) async throws -> Response {
        .json(Array(#"{"status":"ok"}"#.utf8))
    }

    /// Ready to answer lookups: the database answers and holds an applied extract, and the
    /// audit log can be written (without it every /v1 request gets 503).
    @Sendable func readyz(_ request: Request, context: APIContext) async throws -> Response {
        let lastProduction: String?
        do {
            lastProduction = try await database.client.query(
                "SELECT last_production_date::text FROM replication_state", logger: database.logger
            ).decode(String?.self).collect().first ?? nil
        } catch {
            throw Problem.unavailable("the database does not answer")
        }
        guard let lastProduction else { throw Problem.unavailable("the replica holds no data yet: no CPR file has been applied") }
        let auditWritable = try? await auditDatabase.client.query(
            "SELECT has_table_privilege('audit_log', 'INSERT')", logger: auditDatabase.logger
        ).decode(Bool.self).collect().first
        guard auditWritable == true else { throw Problem.unavailable("the audit log cannot be written") }
        return .json(Array(#"{"status":"ready","lastProductionDate":"\#(lastProduction)"}"#.utf8))
    }

    @Sendable func prometheus(_ request: Request, context: APIContext) async throws -> Response {
        metrics.auditQueueDepth.set(Double(audit.depth))
        if let state = try? await database.client.query(
            "SELECT extract(epoch FROM now() - applied_at)::float8, to_char(last_production_date, 'YYYYMMDD') FROM replication_state",
            logger: database.logger
        ).decode((Double?, String?).self).collect().first {
            metrics.replicaAge.set(state.0 ?? -1)
            metrics.replicaProductionDate.set(state.1.flatMap(Double.init) ?? 0)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.emit()))
        )
    }

    @Sendable func openAPI(_ request: Request, context: APIContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml))
        )
    }
}
