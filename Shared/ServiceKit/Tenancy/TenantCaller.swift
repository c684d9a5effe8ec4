public import Foundation
public import Logging
public import Models

/// The caller of a tenant-scoped operation, as handlers need it: the tenant, the merchant scope, the
/// request's logger and the `Idempotency-Key` its mutation is bound to. Handlers receive it from
/// ``answering(_:)``, which reads the request's scope once.
public struct TenantCaller: Sendable {
    public let tenant: TenantID
    public let principal: Principal
    public let logger: Logger
    public let idempotency: IdempotencyClaim?
    /// The client's deadline (`Connect-Timeout-Ms`): the caller's transactions end by then.
    public let deadline: ContinuousClock.Instant?

    public init(
        tenant: TenantID,
        principal: Principal,
        logger: Logger,
        idempotency: IdempotencyClaim? = nil,
        deadline: ContinuousClock.Instant? = nil
    ) {
        self.tenant = tenant
        self.principal = principal
        self.logger = logger
        self.idempotency = idempotency
        self.deadline = deadline
    }

    /// A merchant caller's merchant, nil for staff.
    public var merchantScope: UUID? { principal.merchantScope }

    /// The caller of the request being served; nil when it has no tenant (the guard refuses those before
    /// any tenant-scoped handler runs).
    static var current: TenantCaller? {
        guard let scope = RequestScope.current, let tenant = scope.principal.tenantID else { return nil }
        return TenantCaller(
            tenant: tenant,
            principal: scope.principal,
            logger: scope.logger,
            idempotency: scope.idempotency,
            deadline: scope.deadline
        )
    }
}

/// Runs one operation for the request's tenant caller: `work` reads as the operation's business steps
/// (decode → validate → read or mutate → answer) and throws an ``ErrorBody`` for any expected failure,
/// which becomes the operation's documented error answer.
///
/// ```swift
/// func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
///     try await answering { caller in
///         let id = try FieldChecks.uuid(input.request.caseId, "caseId")
///         guard let found = try await environment.read(caller, { try await store.find(id, on: $0, …) })
///         else { throw ErrorBody.notFound("case \(id.wire)") }
///         return .ok(Components.Schemas.Case(found))
///     }
/// }
/// ```
public func answering<Output: DocumentedErrorAnswer>(_ work: (TenantCaller) async throws -> Output) async throws -> Output {
    guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
    do {
        return try await work(caller)
    } catch let error as ErrorBody {
        return .failure(error)
    }
}

extension ErrorBody {
    public static let unauthenticatedCaller = ErrorBody(code: .unauthenticated, message: "no authenticated caller")

    public static func alreadyExists(_ field: String, _ reason: String) -> ErrorBody {
        ErrorBody(code: .alreadyExists, message: "\(field) \(reason)", details: [FieldViolation(field: field, reason: reason)])
    }
}

/// The caller of a cross-tenant operation (`platform_operator`, DESIGN §9: such tokens carry no tenant and
/// name the tenant of each item they touch).
public struct CrossTenantCaller: Sendable {
    public let principal: Principal
    public let logger: Logger
    public let idempotency: IdempotencyClaim?
    public let deadline: ContinuousClock.Instant?

    /// The caller acting on `tenant`'s rows: its transactions are scoped to that tenant, and its
    /// `Idempotency-Key` to (that tenant, the caller, the operation).
    public func acting(for tenant: TenantID) -> TenantCaller {
        TenantCaller(tenant: tenant, principal: principal, logger: logger, idempotency: idempotency, deadline: deadline)
    }
}

/// ``answering(_:)`` for an operation that only cross-tenant roles may call (the access table says which).
public func answeringAcrossTenants<Output: DocumentedErrorAnswer>(_ work: (CrossTenantCaller) async throws -> Output) async throws -> Output {
    guard let scope = RequestScope.current else { return .failure(.unauthenticatedCaller) }
    let caller = CrossTenantCaller(principal: scope.principal, logger: scope.logger, idempotency: scope.idempotency, deadline: scope.deadline)
    do {
        return try await work(caller)
    } catch let error as ErrorBody {
        return .failure(error)
    }
}
