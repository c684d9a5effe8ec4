import Foundation
import Logging
import Models
import ReturnsAPI
import ServiceKit

/// Returns' operations: contract in, workflow, store, contract out. Expected failures are returned as
/// documented error responses, not thrown.
struct ReturnsHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = ReturnRequestStore()

    /// Who may call what (DESIGN §5): the front office and the storefront file requests; staff who follow
    /// them read them; a merchant reads the requests addressed to it.
    static let access: AccessTable = [
        "CreateReturnRequest": .mutates([.tenantAdmin, .csAgent, .intakeClerk, .storefront, .supervisor]),
        "GetReturnRequest": .reads([
            .tenantAdmin, .csAgent, .intakeClerk, .storefront, .supervisor, .finance, .escalationOfficer,
            .dispatcherRunner, .followUpAgent, .dashboardReader, .platformArbitrator, .merchant,
        ]),
    ]

    func createReturnRequest(_ input: Operations.CreateReturnRequest.Input) async throws -> Operations.CreateReturnRequest.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let body: Components.Schemas.CreateReturnRequestRequest
        switch input.body { case .json(let json): body = json }
        let draft = ReturnApplication.Draft(
            caseID: body.caseId, merchantID: body.merchantId, type: body._type, amount: body.amount, reason: body.reason
        )
        let application: ReturnApplication
        switch ReturnApplication.validate(draft) {
        case .success(let valid): application = valid
        case .failure(let error): return .failure(error)
        }
        let request = ReturnRequest(id: .v7(), status: .requested, application: application, createdAt: environment.clock.now())
        do {
            let answer = try await environment.mutate(tenant: caller.tenant, logger: caller.logger) { connection in
                guard try await store.insert(request, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("caseId", "already has an open return request")
                }
                caller.logger.info("return requested", metadata: ["return_request.id": "\(request.id.wire)"])
                return Components.Schemas.ReturnRequest(request)
            }
            return .ok(.init(body: .json(answer)))
        } catch let error as ErrorBody {
            return .failure(error)
        }
    }

    func getReturnRequest(_ input: Operations.GetReturnRequest.Input) async throws -> Operations.GetReturnRequest.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let body: Components.Schemas.GetReturnRequestRequest
        switch input.body { case .json(let json): body = json }
        var checks = FieldChecks()
        guard let id = checks.uuid(body.returnRequestId, "returnRequestId") else { return .failure(checks.error ?? .invalidArgument([])) }
        let found = try await environment.database.withTenantTransaction(caller.tenant, logger: caller.logger) { connection in
            try await store.find(id, tenant: caller.tenant, merchant: caller.merchantScope, on: connection, logger: caller.logger)
        }
        // Another tenant's or another merchant's request is simply not found: existence is never revealed.
        guard let found else { return .failure(.notFound("return request \(id.wire)")) }
        return .ok(.init(body: .json(Components.Schemas.ReturnRequest(found))))
    }
}

extension Components.Schemas.ReturnRequest {
    /// A return request as the contract shows it.
    init(_ request: ReturnRequest) {
        let application = request.application
        self.init(
            returnRequestId: request.id.wire, caseId: application.caseID.wire, merchantId: application.merchantID.wire,
            _type: application.type, amount: application.amount, reason: application.reason, status: request.status,
            createdAt: request.createdAt
        )
    }
}

// The documented error response of each operation, recorded for the request log and metrics.
extension Operations.CreateReturnRequest.Output {
    static func failure(_ error: ErrorBody) -> Self { .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported()))) }
}

extension Operations.GetReturnRequest.Output {
    static func failure(_ error: ErrorBody) -> Self { .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported()))) }
}
