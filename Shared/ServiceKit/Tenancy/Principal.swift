public import Foundation
public import Models

/// The authenticated caller of one request.
public struct Principal: Sendable, Hashable {
    /// The token's subject (a user, a merchant integration, a service): idempotency keys are scoped to it.
    public let subject: String
    /// Who issued the token (`iss`).
    public let issuer: String
    /// The tenant every row the request touches belongs to; nil only for cross-tenant callers
    /// (`service`, `platform_operator`).
    public let tenantID: TenantID?
    public let roles: Set<Role>
    /// Set on merchant callers: they see only their own cases.
    public let merchantID: UUID?

    public init(subject: String, issuer: String = "", tenantID: TenantID?, roles: Set<Role>, merchantID: UUID? = nil) {
        self.subject = subject
        self.issuer = issuer
        self.tenantID = tenantID
        self.roles = roles
        self.merchantID = merchantID
    }

    /// Who owns an Idempotency-Key: the issuer and subject (and merchant), so two callers that happen to
    /// share a subject under different issuers or merchants never share keys.
    public var idempotencyScope: String {
        [issuer, subject, merchantID?.uuidString.lowercased() ?? ""].joined(separator: "\u{1F}")
    }

    /// The caller of an operation reached without a token (``OperationAccess/exchangesCredentials``): no
    /// tenant, no role — ``answering(_:)`` refuses it.
    public static let anonymous = Principal(subject: "", tenantID: nil, roles: [])

    /// A merchant caller's merchant: reads are narrowed to it, and another merchant's record is not found.
    public var merchantScope: UUID? { roles.contains(.merchant) ? merchantID : nil }
}

/// Establishes who is calling from a request's `Authorization` header. The one seam through which
/// identity enters a service: handlers read ``RequestScope/principal`` and never look at headers or bodies
/// for a tenant.
public protocol Authenticator: Sendable {
    /// - Throws: ``ErrorBody`` with `unauthenticated` when the request carries no acceptable credential.
    func authenticate(authorization: String?) async throws(ErrorBody) -> Principal
}
