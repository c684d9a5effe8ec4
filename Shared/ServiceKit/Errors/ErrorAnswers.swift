import Foundation
public import Hummingbird
public import Logging
public import Models
import NIOHTTP1
import OpenAPIRuntime

/// How any failure of a request becomes its answer — the one place (``RequestMiddleware`` calls it) where
/// an error is rendered and its canonical code is known: an ``ErrorBody`` thrown by the guard or handed on
/// from an operation's documented error answer, an idempotent replay, Hummingbird's own refusals, a database
/// failure worth a retry, or anything unexpected (logged in full, answered `internal` with no detail).
public enum ErrorAnswers {
    /// An answer and what it was, for the request's log line and metrics.
    public struct Answer {
        public let response: Response
        public let code: ErrorCode?
        public let replayed: Bool
    }

    public static func answer(for error: any Error, request: Request, routes: RouteTable, logger: Logger) -> Answer {
        switch error {
        case let error as ServerError:
            // What the generated server's middleware handed on, wrapped once more by the runtime.
            return answer(for: error.underlyingError, request: request, routes: routes, logger: logger)
        case let replay as IdempotentReplay:
            return Answer(response: replay.response, code: nil, replayed: replay.replayed)
        case let body as ErrorBody:
            return rendered(body)
        case let answer as ErrorAnswer:
            return rendered(answer.body, status: answer.status, headers: answer.headers)
        case let error as HTTPError where error.status == .notFound:
            return notRouted(request, routes: routes)
        case let error as HTTPParserError:
            // The body the client sent broke its own framing (chunked encoding, length): its fault, and the
            // connection closes after this answer (``ConnectionGuard``).
            return rendered(ConnectionGuard.answer(for: error))
        case let error as HTTPError where error.status == .contentTooLarge:
            return rendered(.invalidArgument([FieldViolation(field: "body", reason: "request body is too large")]))
        case let error as HTTPError where error.status.kind == .clientError:
            return rendered(.invalidArgument([FieldViolation(field: "body", reason: error.body ?? error.status.reasonPhrase)]))
        default:
            if let retryable = ErrorBody.retryable(databaseError: error) {
                logger.warning("database failure", metadata: ["error": "\(String(reflecting: error))"])
                return rendered(retryable)
            }
            // Not the caller's fault: the cause goes to the log in full (PSQLError hides it from "\(error)"),
            // never to the answer.
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return rendered(.internalError())
        }
    }

    private static func rendered(_ body: ErrorBody, status: HTTPResponse.Status? = nil, headers: HTTPFields = [:]) -> Answer {
        Answer(response: ErrorResponse.response(body, status: status, headers: headers), code: body.code, replayed: false)
    }

    /// The router found nothing: a known operation asked with the wrong method is 405; an unknown method of a
    /// service this one serves is unimplemented (as Connect answers); any other path is not found (DESIGN §4).
    private static func notRouted(_ request: Request, routes: RouteTable) -> Answer {
        let path = request.uri.path
        if let allowed = routes.methods(for: path) {
            let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            var headers = HTTPFields()
            headers[.allow] = names
            let body = ErrorBody(code: .invalidArgument, message: "method \(request.method.rawValue) is not allowed on \(path); use \(names)")
            return rendered(body, status: .methodNotAllowed, headers: headers)
        }
        if routes.servesService(of: path) { return rendered(.unimplemented("unknown operation \(path)")) }
        return rendered(ErrorBody(code: .notFound, message: "no such path: \(path)"))
    }
}
