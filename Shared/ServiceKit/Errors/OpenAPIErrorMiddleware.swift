import Foundation
public import HTTPTypes
import Logging
import Models
public import OpenAPIRuntime

/// Turns every error raised inside the generated server — undecodable input, a wrong content type, a
/// missing body, or an ``ErrorBody`` a handler threw — into the project's error answer. The runtime's
/// own `ErrorHandlingMiddleware` is not used: it answers in RFC 7807 form.
public struct OpenAPIErrorMiddleware: ServerMiddleware {
    public init() {}

    public func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch let error as ServerError {
            if let replay = error.underlyingError as? StoredAnswerReplay {
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                return (HTTPResponse(status: .init(code: replay.answer.status), headerFields: headers), HTTPBody(replay.answer.body))
            }
            let (status, errorBody) = Self.translate(error, operationID: operationID)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            RequestScope.current?.outcome.record(errorBody.code)
            return (HTTPResponse(status: status, headerFields: headers), HTTPBody(ErrorResponse.encode(errorBody)))
        }
    }

    static func translate(_ error: ServerError, operationID: String) -> (HTTPResponse.Status, ErrorBody) {
        if let body = error.underlyingError as? ErrorBody {
            return (HTTPResponse.Status(code: body.code.httpStatus), body)
        }
        let underlying = error.underlyingError
        if let retryable = ErrorBody.retryable(databaseError: underlying) {
            let logger = RequestScope.current?.logger ?? Logger(label: "aftersales")
            logger.warning("database failure", metadata: ["operation": "\(operationID)", "error": "\(String(reflecting: underlying))"])
            return (HTTPResponse.Status(code: retryable.code.httpStatus), retryable)
        }
        if let decoding = error.underlyingError as? DecodingError {
            return (.badRequest, ErrorBody(decodingError: decoding))
        }
        if error.httpStatus == .unsupportedMediaType {
            let body = ErrorBody(
                code: .invalidArgument,
                message: "unsupported content type: send application/json",
                details: [FieldViolation(field: "Content-Type", reason: "must be application/json")]
            )
            return (.unsupportedMediaType, body)
        }
        if error.httpStatus.kind == .clientError {
            let body = ErrorBody.invalidArgument([FieldViolation(field: "body", reason: error.causeDescription)])
            return (.badRequest, body)
        }
        // Not the caller's fault: the cause goes to the log (in full, PSQLError hides it from "\(error)"),
        // never to the answer.
        let logger = RequestScope.current?.logger ?? Logger(label: "aftersales")
        logger.error(
            "operation failed",
            metadata: ["operation": "\(operationID)", "error": "\(String(reflecting: error.underlyingError))"]
        )
        return (.internalServerError, .internalError())
    }
}
