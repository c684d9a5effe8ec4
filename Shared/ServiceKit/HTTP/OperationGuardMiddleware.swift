import Foundation
public import Hummingbird
import Logging
import NIOCore
import Models

/// Runs in front of every contract operation: refuses what must never reach a handler or the database
/// (a wrong content type, an oversize, non-UTF-8 or NUL-bearing body), then authenticates the caller and
/// binds the ``RequestScope`` the handler reads. Platform paths (health, metrics, contract) pass through.
public struct OperationGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable
    let authenticator: any Authenticator
    let maxBodyBytes: Int

    public init(routes: RouteTable, authenticator: any Authenticator, maxBodyBytes: Int) {
        self.routes = routes
        self.authenticator = authenticator
        self.maxBodyBytes = maxBodyBytes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard routes.contains(path: request.uri.path, method: request.method) else {
            return try await next(request, context)
        }
        var request = request
        if request.method == .post {
            try checkContentType(request)
            let body = try await collectBody(of: &request)
            if body.readableBytes == 0 {
                throw ErrorBody.invalidArgument([FieldViolation(field: "body", reason: "a JSON body is required")])
            }
            if let violation = JSONTextInspection.violation(in: Array(buffer: body)) {
                throw ErrorBody.invalidArgument([violation])
            }
        }
        let principal = try authenticator.authenticate(authorization: request.headers[.authorization])
        let outer = RequestScope.current
        let scope = RequestScope(
            requestID: outer?.requestID ?? "",
            logger: context.logger,
            principal: principal,
            outcome: outer?.outcome ?? RequestScope.Outcome()
        )
        return try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
    }

    /// The whole body, refused as invalid_argument past the limit: a declared length is refused before
    /// reading anything, an undeclared one as soon as the limit is crossed.
    private func collectBody(of request: inout Request) async throws -> ByteBuffer {
        let tooLarge = ErrorBody.invalidArgument([FieldViolation(field: "body", reason: "must be at most \(maxBodyBytes) bytes")])
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes { throw tooLarge }
        do {
            return try await request.collectBody(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    private func checkContentType(_ request: Request) throws(ErrorAnswer) {
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            let body = ErrorBody(
                code: .invalidArgument,
                message: "unsupported content type \"\(contentType)\": send application/json",
                details: [FieldViolation(field: "Content-Type", reason: "must be application/json")]
            )
            throw ErrorAnswer(body, status: .unsupportedMediaType)
        }
    }
}
