import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import Models

/// The outermost middleware, where every request's answer is settled: it gives the request its one id (the
/// caller's `X-Request-Id` when it is sane) on every log line and in the answer's header, turns whatever
/// failed into its answer (``ErrorAnswers``), and writes the request's log line and metrics with the
/// outcome's canonical code — the only place that code is recorded.
public struct RequestMiddleware<Context: RequestContext>: RouterMiddleware {
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
        // Hummingbird's own id is replaced, not doubled: one id per request (the log handler names it `request.id`).
        context.logger[metadataKey: JSONLinesLogHandler.requestIDKey] = .string(requestID)
        var response: Response
        var code: ErrorCode?
        var replayed = false
        do {
            response = try await next(request, context)
        } catch {
            let answer = ErrorAnswers.answer(for: error, request: request, routes: routes, logger: context.logger)
            (response, code, replayed) = (answer.response, answer.code, answer.replayed)
        }
        response.headers[.requestID] = requestID

        let operation = operationName(request)
        let outcome = code?.rawValue ?? (response.status.code < 400 ? "ok" : "unknown")
        let duration = ContinuousClock.now - started
        metrics.recordRequest(operation: operation, code: outcome, duration: duration)
        // Error level for what the service failed at; a client's own refusals (an unknown method answers 501)
        // and a database it is waiting for are below it.
        let level: Logger.Level =
            switch code {
            case .internal, .unknown, .dataLoss: .error
            case .unavailable, .deadlineExceeded: .warning
            default: response.status.code >= 500 && code == nil ? .error : .info
            }
        // Built only when it is written: at `warning` the line is skipped, and so is its metadata.
        if context.logger.logLevel <= level {
            var metadata: Logger.Metadata = [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "operation": .string(operation),
                "status": .stringConvertible(response.status.code),
                "code": .string(outcome),
                "duration_ms": .stringConvertible(
                    Double(duration.components.attoseconds / 1_000_000_000_000) / 1000 + Double(duration.components.seconds) * 1000
                ),
            ]
            if replayed { metadata["replayed"] = "true" }
            context.logger.log(level: level, "request", metadata: metadata)
        }
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
