import Foundation
public import Models

/// A mutation's `Idempotency-Key` and what it is bound to (DESIGN §4): the key is scoped to (tenant,
/// principal, operation, key); the request is identified by the hash of its canonical JSON.
public struct IdempotencyClaim: Sendable, Equatable {
    public static let header = "Idempotency-Key"

    public let key: String
    public let principal: String
    public let operation: String
    /// SHA-256 (hex) of the body's canonical JSON (``JSONBodyScan``): keys sorted, insignificant whitespace
    /// removed, strings written one way.
    public let requestHash: String

    public init(key: String, principal: String, operation: String, requestHash: String) {
        self.key = key
        self.principal = principal
        self.operation = operation
        self.requestHash = requestHash
    }

    /// Checks a header value: 1–255 visible ASCII characters (a UUID is the usual choice).
    public static func validate(key: String) -> FieldViolation? {
        let visible = key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
        guard !key.isEmpty, key.utf8.count <= 255, visible else {
            return FieldViolation(field: header, reason: "must be 1 to 255 visible ASCII characters")
        }
        return nil
    }
}

/// The answer recorded with a mutation's effect, sent byte for byte to every retry.
public struct StoredAnswer: Sendable, Equatable {
    public let status: Int
    public let body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}
