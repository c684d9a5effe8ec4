/// The one error body every service answers with: flat, `{"code","message","details"}` (DESIGN §4).
///
/// Each contract repeats the schema (the generator cannot follow `$ref`s across files) and maps it to this
/// type with `typeOverrides`, so handlers in every service build the same value.
public struct ErrorBody: Codable, Sendable, Hashable, Error {
    public var code: ErrorCode
    public var message: String
    public var details: [FieldViolation]

    public init(code: ErrorCode, message: String, details: [FieldViolation] = []) {
        self.code = code
        self.message = message
        self.details = details
    }

    enum CodingKeys: String, CodingKey { case code, message, details }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.code = try container.decode(ErrorCode.self, forKey: .code)
        self.message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
        self.details = try container.decodeIfPresent([FieldViolation].self, forKey: .details) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(details, forKey: .details)
    }

    /// invalid_argument naming every field at fault.
    public static func invalidArgument(_ violations: [FieldViolation]) -> ErrorBody {
        let fields = violations.map(\.field).joined(separator: ", ")
        return ErrorBody(code: .invalidArgument, message: "invalid fields: \(fields)", details: violations)
    }

    /// invalid_argument naming one field at fault.
    public static func invalidArgument(_ field: String, _ reason: String) -> ErrorBody {
        invalidArgument([FieldViolation(field: field, reason: reason)])
    }

    /// failed_precondition: the request is well formed, but the state of what it names does not allow it
    /// now; `field` is the one that names it.
    public static func failedPrecondition(_ field: String, _ reason: String) -> ErrorBody {
        ErrorBody(code: .failedPrecondition, message: "\(field): \(reason)", details: [FieldViolation(field: field, reason: reason)])
    }
}

/// One field at fault: its JSON path in lowerCamelCase (`customer.phone`, `items[2].quantity`) and why.
public struct FieldViolation: Codable, Sendable, Hashable {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}
