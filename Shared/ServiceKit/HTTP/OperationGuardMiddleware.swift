import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import Models
import NIOCore

/// Runs in front of every contract operation: refuses what must never reach a handler or the database
/// (a wrong content type, an oversize body, one that is not UTF-8 JSON, holds a NUL or a key twice),
/// authenticates the caller, checks
/// the operation admits one of the caller's roles, takes the `Idempotency-Key` of a mutation, and binds
/// the request's ``RequestScope`` — once, immutable — for the handler. Platform paths (health, metrics,
/// contract) pass through.
public struct OperationGuardMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let routes: RouteTable
    let authenticator: any Authenticator
    let maxBodyBytes: Int

    public init(routes: RouteTable, authenticator: any Authenticator, maxBodyBytes: Int) {
        self.routes = routes
        self.authenticator = authenticator
        self.maxBodyBytes = maxBodyBytes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard routes.contains(path: path, method: request.method), let rule = routes.access(for: path) else {
            // The router ignores empty segments, so `…/CreateCase/` or `…Service//CreateCase` would reach an
            // operation past this guard: only the exact path is an operation.
            let canonical = "/" + path.split(separator: "/").joined(separator: "/")
            if canonical != path, routes.methods(for: canonical) != nil {
                throw ErrorBody.unimplemented("unknown operation \(path)")
            }
            return try await next(request, context)
        }
        // Who is calling is settled before the body is read: an anonymous caller learns nothing more.
        // Only an operation whose credential is its body is reached without a token.
        let principal =
            rule.anonymous ? Principal.anonymous : try await authenticator.authenticate(authorization: request.headers[.authorization])
        guard rule.anonymous || !principal.roles.isDisjoint(with: rule.admits) else {
            let operation = path.split(separator: "/").last ?? ""
            throw ErrorBody(code: .permissionDenied, message: "the caller's roles may not call \(operation)")
        }

        let deadline = try Self.deadline(request.headers[.connectTimeout])
        var request = request
        var fingerprint: String?
        let key = rule.mutates ? request.headers[.idempotencyKey] : nil
        if let key, let violation = IdempotencyClaim.validate(key: key) { throw ErrorBody.invalidArgument([violation]) }
        if request.method == .post {
            try checkContentType(request)
            let body = try await collectBody(of: &request)
            if body.readableBytes == 0 {
                throw ErrorBody.invalidArgument([FieldViolation(field: "body", reason: "a JSON body is required")])
            }
            // One pass: valid UTF-8 JSON, no NUL, no key twice — and the fingerprint a key is bound to.
            fingerprint = try JSONBodyScan.check(Array(buffer: body), fingerprint: key != nil)
        }
        let scope = RequestScope(
            requestID: context.logger[metadataKey: JSONLinesLogHandler.requestIDKey]?.description ?? "",
            logger: context.logger,
            principal: principal,
            idempotency: key.map {
                IdempotencyClaim(key: $0, principal: principal.idempotencyScope, operation: path, requestHash: fingerprint ?? "")
            },
            deadline: deadline,
            source: rule.anonymous ? context.remoteAddress?.ipAddress : nil
        )
        return try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
    }

    /// The instant `Connect-Timeout-Ms` (a positive number of milliseconds, at most 10 digits, as Connect
    /// writes it) sets from now; nil without the header.
    static func deadline(_ header: String?) throws(ErrorBody) -> ContinuousClock.Instant? {
        guard let header else { return nil }
        guard (1...10).contains(header.utf8.count), header.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let milliseconds = Int64(header),
            milliseconds > 0
        else {
            throw ErrorBody.invalidArgument([
                FieldViolation(field: "Connect-Timeout-Ms", reason: "must be a positive whole number of milliseconds (at most 10 digits)")
            ])
        }
        return .now + .milliseconds(milliseconds)
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
        let mediaType = contentType.split(separator: ";").first?.trimmed.lowercased()
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

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name(IdempotencyClaim.header)!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    static let connectTimeout = HTTPField.Name("Connect-Timeout-Ms")!
}
