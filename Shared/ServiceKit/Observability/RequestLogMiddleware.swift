import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import Models

/// The outermost middleware: gives each request an id (the caller's `X-Request-Id` when it is sane),
/// binds it to every log line of the request, answers with it, and writes one JSON log line and the
/// metrics for the answer.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics
    let routes: RouteTable

    public init(metrics: ServiceMetrics, routes: RouteTable) {
        self.metrics = metrics
        self.routes = routes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = Self.requestID(from: request.headers[.requestID])
        var context = context
        context.logger[metadataKey: "request.id"] = .string(requestID)
        let scope = RequestScope(requestID: requestID, logger: context.logger, principal: nil)
        var response = try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
        response.headers[.requestID] = requestID

        let operation = operationName(request)
        let code = scope.outcome.errorCode?.rawValue ?? (response.status.code < 400 ? "ok" : "unknown")
        let duration = ContinuousClock.now - started
        metrics.recordRequest(operation: operation, code: code, duration: duration)
        let level: Logger.Level = response.status.code >= 500 ? .error : .info
        context.logger.log(
            level: level,
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "operation": .string(operation),
                "status": .stringConvertible(response.status.code),
                "code": .string(code),
                "duration_ms": .stringConvertible(Double(duration.components.attoseconds / 1_000_000_000_000) / 1000 + Double(duration.components.seconds) * 1000),
            ]
        )
        return response
    }

    /// Known operations by their method name; platform paths by path; anything else as one label, so a
    /// scan of random paths cannot blow up the metric's cardinality.
    private func operationName(_ request: Request) -> String {
        let path = request.uri.path
        if routes.methods(for: path) != nil { return String(path.split(separator: "/").last ?? "") }
        if ["/healthz", "/readyz", "/metrics", "/openapi.yaml"].contains(path) { return path }
        return "unrouted"
    }

    private static func requestID(from header: String?) -> String {
        if let header, (1...64).contains(header.count),
            header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            return header
        }
        return UUID().uuidString.lowercased()
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}
