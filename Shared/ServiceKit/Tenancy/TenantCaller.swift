public import Foundation
public import Logging
public import Models

/// The caller of a tenant-scoped operation, as handlers need it: the tenant, the merchant scope and the
/// request's logger. nil when the request has no tenant (the guard refuses those before any handler runs,
/// so handlers answer `unauthenticated` defensively).
public struct TenantCaller: Sendable {
    public let tenant: TenantID
    public let principal: Principal
    public let logger: Logger

    /// A merchant caller's merchant, nil for staff.
    public var merchantScope: UUID? { principal.merchantScope }

    public static var current: TenantCaller? {
        guard let scope = RequestScope.current, let principal = scope.principal, let tenant = principal.tenantID else {
            return nil
        }
        return TenantCaller(tenant: tenant, principal: principal, logger: scope.logger)
    }
}

extension ErrorBody {
    public static let unauthenticatedCaller = ErrorBody(code: .unauthenticated, message: "no authenticated caller")

    public static func alreadyExists(_ field: String, _ reason: String) -> ErrorBody {
        ErrorBody(code: .alreadyExists, message: "\(field) \(reason)", details: [FieldViolation(field: field, reason: reason)])
    }
}
