import Foundation
import IntakeAPI
import Logging
import Models
import ServiceKit

/// Intake's operations: contract in, workflow, store, contract out. Expected failures are returned as
/// documented error responses, not thrown.
struct IntakeHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = CaseStore()

    /// Who may call what (DESIGN §5). Registering a case is front-office work; reading one is open to every
    /// role that handles cases, and to merchants for their own.
    static let access: AccessTable = [
        "CreateCase": .mutates([.tenantAdmin, .intakeClerk, .csAgent, .storefront, .supervisor]),
        "GetCase": .reads([
            .tenantAdmin, .intakeClerk, .csAgent, .storefront, .supervisor, .dispatcherRunner, .escalationOfficer,
            .technician, .partsClerk, .finance, .followUpAgent, .dashboardReader, .merchant,
        ]),
    ]

    func createCase(_ input: Operations.CreateCase.Input) async throws -> Operations.CreateCase.Output {
        guard let tenant = RequestScope.current?.principal?.tenantID else { return .failure(.unauthenticatedCaller) }
        let request: Components.Schemas.CreateCaseRequest
        switch input.body { case .json(let body): request = body }

        let draft = CaseRegistration.Draft(
            orderNumber: request.orderNumber, productName: request.productName, productModel: request.productModel,
            quantity: Int(request.quantity), purchaseDate: request.purchaseDate, reason: request.reason,
            requestedResolution: request.requestedResolution, merchantID: request.merchantId
        )
        let now = environment.clock.now()
        let registration: CaseRegistration
        switch CaseRegistration.validate(draft, today: LocalDate(instant: now, timeZone: tenantTimeZone)) {
        case .success(let valid): registration = valid
        case .failure(let error): return .failure(error)
        }

        let record = AfterSalesCase(id: .v7(), tenantID: tenant, status: .recorded, registration: registration, createdAt: now)
        let logger = RequestScope.current?.logger ?? environment.logger
        do {
            let answer = try await environment.mutate(tenant: tenant, logger: logger) { [environment] connection in
                try await store.insert(record, on: connection, logger: logger)
                // The event commits with the case, or neither does (transactional outbox).
                try await environment.outbox.append(
                    CaseRegistered(record), subjectID: record.id.wire, tenant: tenant, now: now, on: connection, logger: logger
                )
                logger.info("case registered", metadata: ["case.id": "\(record.id.wire)"])
                return Components.Schemas.Case(record)
            }
            return .ok(.init(body: .json(answer)))
        } catch let error as ErrorBody {
            // A reused Idempotency-Key with another body, or one still in flight.
            return .failure(error)
        }
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        guard let principal = RequestScope.current?.principal, let tenant = principal.tenantID else {
            return .failure(.unauthenticatedCaller)
        }
        let request: Components.Schemas.GetCaseRequest
        switch input.body { case .json(let body): request = body }
        guard let caseID = UUID(uuidString: request.caseId) else {
            return .failure(.invalidArgument([FieldViolation(field: "caseId", reason: "must be a UUID")]))
        }
        let logger = RequestScope.current?.logger ?? environment.logger
        let found = try await environment.database.withTenantTransaction(tenant, logger: logger) { connection in
            try await store.find(caseID, tenant: tenant, merchant: principal.merchantScope, on: connection, logger: logger)
        }
        // Another tenant's or another merchant's case is simply not found: existence is never revealed.
        guard let found else { return .failure(.notFound("case \(caseID.wire)")) }
        return .ok(.init(body: .json(Components.Schemas.Case(found))))
    }

    private var tenantTimeZone: TimeZone {
        TimeZone(identifier: environment.settings.string(CommonSettings.timeZone)) ?? TimeZone(identifier: "Asia/Shanghai")!
    }
}

// The documented error response of each operation, recorded for the request log and metrics.
extension Operations.CreateCase.Output {
    static func failure(_ error: ErrorBody) -> Self {
        .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported())))
    }
}

extension Operations.GetCase.Output {
    static func failure(_ error: ErrorBody) -> Self {
        .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported())))
    }
}
