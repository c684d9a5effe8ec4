import Foundation
public import HTTPTypes
import Models
public import OpenAPIRuntime

/// The generated servers' middleware: hands every failure of an operation on to ``RequestMiddleware``,
/// which renders every error answer and records its code. An operation's documented error answer (its
/// `default` response) is handed on as the ``ErrorBody`` it carries, so it reaches the wire exactly as an
/// error thrown anywhere else would; an error raised inside the generated code — undecodable input, a wrong
/// content type, a missing body — becomes the `invalid_argument` naming the field; the handler's own errors
/// (an idempotent replay, a database failure) pass unwrapped. The runtime's `ErrorHandlingMiddleware` is not
/// used: it answers in RFC 7807 form.
public struct ContractErrorMiddleware: ServerMiddleware {
    /// Error bodies are a few hundred bytes; anything larger is not one of ours and is passed through.
    static let errorBodyLimit = 1 << 16

    public init() {}

    public func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let response: HTTPResponse
        let answer: HTTPBody?
        do {
            (response, answer) = try await next(request, body, metadata)
        } catch let error as ServerError {
            throw Self.unwrapped(error)
        }
        guard response.status.code >= 400, let answer else { return (response, answer) }
        let bytes = try await Data(collecting: answer, upTo: Self.errorBodyLimit)
        guard let error = try? WireJSON.decoder.decode(ErrorBody.self, from: bytes) else { return (response, HTTPBody(bytes)) }
        throw ErrorAnswer(error, status: response.status)
    }

    /// What a `ServerError` stands for, as an error ``ErrorAnswers`` knows how to answer.
    static func unwrapped(_ error: ServerError) -> any Error {
        let underlying = error.underlyingError
        if underlying is ErrorBody || underlying is ErrorAnswer || underlying is IdempotentReplay {
            return underlying
        }
        if let decoding = underlying as? DecodingError {
            return ErrorBody(decodingError: decoding)
        }
        if error.httpStatus == .unsupportedMediaType {
            let body = ErrorBody(
                code: .invalidArgument,
                message: "unsupported content type: send application/json",
                details: [FieldViolation(field: "Content-Type", reason: "must be application/json")]
            )
            return ErrorAnswer(body, status: .unsupportedMediaType)
        }
        if error.httpStatus.kind == .clientError {
            return ErrorBody.invalidArgument([FieldViolation(field: "body", reason: error.causeDescription)])
        }
        return underlying
    }
}
