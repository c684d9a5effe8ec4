import Foundation
public import Hummingbird
public import Logging
import Models

/// The paths every service serves the same way: liveness, readiness, metrics and its own contract.
public enum PlatformRoutes {
    public static func register<Context: RequestContext>(
        on router: Router<Context>,
        readiness: Readiness,
        metrics: ServiceMetrics,
        contractYAML: String
    ) {
        router.get("/healthz") { _, _ in
            json(#"{"status":"ok"}"#)
        }
        router.get("/readyz") { _, context in
            let reason = await readiness.notReadyReason(logger: context.logger)
            guard let reason else { return json(#"{"status":"ready"}"#) }
            return ErrorResponse.response(.unavailable("not ready: \(reason)"))
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("/openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: contractYAML)))
        }
    }

    private static func json(_ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Readiness: the database answers, and every migration this build knows is applied. The server starts
/// regardless and says here why it is not ready.
public struct Readiness: Sendable {
    let database: Database
    let migrator: Migrator
    let timeout: Duration

    public init(database: Database, migrator: Migrator, timeout: Duration = .seconds(2)) {
        self.database = database
        self.migrator = migrator
        self.timeout = timeout
    }

    public func notReadyReason(logger: Logger) async -> String? {
        do {
            let status = try await withTimeout(timeout) { [database, migrator] in
                try await database.withConnection { connection in
                    try await migrator.status(on: connection, logger: logger)
                }
            }
            return status.reason
        } catch is TimeoutError {
            return "database did not answer within \(timeout)"
        } catch {
            return "database unreachable"
        }
    }
}
