import Foundation
public import Hummingbird
import Logging
import Models

/// The outer error mapper: whatever escapes the routes — Hummingbird's own errors, an ``ErrorBody``, an
/// unexpected failure — leaves as the project's error answer. No bare 500, no empty body, no stack trace.
public struct ErrorMappingMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    public init(routes: RouteTable) { self.routes = routes }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let body as ErrorBody {
            return answer(body)
        } catch let error as ErrorAnswer {
            return answer(error.body, status: error.status)
        } catch let error as HTTPError where error.status == .notFound {
            return notRouted(request)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return answer(.invalidArgument([FieldViolation(field: "body", reason: "request body is too large")]))
        } catch let error as HTTPError where error.status.kind == .clientError {
            let reason = error.body ?? error.status.reasonPhrase
            return answer(.invalidArgument([FieldViolation(field: "body", reason: reason)]))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return answer(.internalError())
        }
    }

    private func answer(_ body: ErrorBody, status: HTTPResponse.Status? = nil, headers: HTTPFields = [:]) -> Response {
        RequestScope.current?.outcome.record(body.code)
        return ErrorResponse.response(body, status: status, headers: headers)
    }

    /// The router found nothing: a known operation asked with the wrong method is 405, anything else is an
    /// unknown operation (unimplemented, DESIGN §4).
    private func notRouted(_ request: Request) -> Response {
        let path = request.uri.path
        if let allowed = routes.methods(for: path) {
            let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            var headers = HTTPFields()
            headers[.allow] = names
            let body = ErrorBody(
                code: .invalidArgument,
                message: "method \(request.method.rawValue) is not allowed on \(path); use \(names)"
            )
            return answer(body, status: .methodNotAllowed, headers: headers)
        }
        return answer(.unimplemented("unknown operation \(path)"))
    }
}
