public import Foundation
public import Models

/// The authenticated caller of one request.
public struct Principal: Sendable, Hashable {
    /// The token's subject (a user, a merchant integration, a service).
    public let subject: String
    /// The tenant every row the request touches belongs to; nil only for cross-tenant callers
    /// (`service`, `platform_operator`).
    public let tenantID: TenantID?
    public let roles: Set<Role>
    /// Set on merchant callers: they see only their own cases.
    public let merchantID: UUID?

    public init(subject: String, tenantID: TenantID?, roles: Set<Role>, merchantID: UUID? = nil) {
        self.subject = subject
        self.tenantID = tenantID
        self.roles = roles
        self.merchantID = merchantID
    }
}

/// Establishes who is calling from a request's headers. The one seam through which identity enters a
/// service: handlers read ``RequestScope/principal`` and never look at headers or bodies for a tenant.
public protocol Authenticator: Sendable {
    /// - Throws: ``ErrorBody`` with `unauthenticated` when the request carries no acceptable credential.
    func authenticate(authorization: String?) throws(ErrorBody) -> Principal
}

/// Until token verification lands (issue #3), a deployment serves the single tenant its configuration
/// names, and every caller acts as that tenant's administrator. Nothing from the request is trusted.
public struct SingleTenantAuthenticator: Authenticator {
    public let tenantID: TenantID

    public init(tenantID: TenantID) { self.tenantID = tenantID }

    public func authenticate(authorization: String?) throws(ErrorBody) -> Principal {
        Principal(subject: "single-tenant", tenantID: tenantID, roles: [.tenantAdmin])
    }
}
