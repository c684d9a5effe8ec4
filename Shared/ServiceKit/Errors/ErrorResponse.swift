public import Foundation
public import Hummingbird
public import Models

/// Renders an ``ErrorBody`` as the HTTP answer DESIGN §4 prescribes: the code's status, JSON, flat body.
public enum ErrorResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public static func encode(_ body: ErrorBody) -> Data {
        // Encoding a struct of strings cannot fail; the fallback keeps the promise of a JSON body anyway.
        (try? encoder.encode(body)) ?? Data(#"{"code":"internal","message":"internal error","details":[]}"#.utf8)
    }

    /// - Parameter status: overrides the code's own status, for the two cases DESIGN §4 sets apart
    ///   (415 for a content type, 405 for a method).
    public static func response(_ body: ErrorBody, status: HTTPResponse.Status? = nil, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let status = status ?? HTTPResponse.Status(code: body.code.httpStatus)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: encode(body))))
    }
}

extension ErrorBody {
    /// invalid_argument naming the field a JSON decoding failure points at (`items[2].quantity`).
    public init(decodingError error: DecodingError) {
        let path: [any CodingKey]
        let reason: String
        switch error {
        case .typeMismatch(let type, let context):
            (path, reason) = (context.codingPath, "must be of type \(Self.jsonTypeName(type))")
        case .valueNotFound(_, let context):
            (path, reason) = (context.codingPath, "must not be null")
        case .keyNotFound(let key, let context):
            (path, reason) = (context.codingPath + [key], "is required")
        case .dataCorrupted(let context):
            let why = context.codingPath.isEmpty ? "the request body is not valid JSON" : context.debugDescription
            (path, reason) = (context.codingPath, why)
        @unknown default:
            (path, reason) = ([], "could not be decoded")
        }
        let field = Self.fieldPath(path)
        self = .invalidArgument([FieldViolation(field: field.isEmpty ? "body" : field, reason: reason)])
    }

    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Int32.Type, is Int64.Type: "integer"
        case is Double.Type, is Float.Type: "number"
        case is Bool.Type: "boolean"
        default: "\(type)".hasPrefix("Array") ? "array" : "object"
        }
    }
}

/// An error answer with a status other than its code's own (415 for a content type, 405 for a method, both
/// invalid_argument, DESIGN §4) or headers of its own (`Retry-After` on a throttled call).
public struct ErrorAnswer: Error, Sendable {
    public let body: ErrorBody
    public let status: HTTPResponse.Status
    public let headers: HTTPFields

    public init(_ body: ErrorBody, status: HTTPResponse.Status? = nil, headers: HTTPFields = [:]) {
        self.body = body
        self.status = status ?? HTTPResponse.Status(code: body.code.httpStatus)
        self.headers = headers
    }

    /// resource_exhausted with `Retry-After` (whole seconds, at least 1): the caller may try again then.
    public static func throttled(_ message: String, retryAfter seconds: Int) -> ErrorAnswer {
        var headers = HTTPFields()
        headers[.retryAfter] = String(max(1, seconds))
        return ErrorAnswer(ErrorBody(code: .resourceExhausted, message: message), headers: headers)
    }
}
