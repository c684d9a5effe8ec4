import Logging
import Models
import ReturnsAPI
import ServiceKit

/// Returns' operations: contract in, workflow, store, contract out.
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
        try await answering { caller in
            let application = try ReturnApplication.validate(ReturnApplication.Draft(input.request)).get()
            let request = ReturnRequest(id: .v7(), status: .requested, application: application, createdAt: environment.clock.now())
            let answer = try await environment.mutate(caller, answering: Components.Schemas.ReturnRequest(request)) { [store] connection in
                guard try await store.insert(request, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("caseId", "already has an open return request")
                }
            }
            caller.logger.info("return requested", metadata: ["return_request.id": "\(request.id.wire)"])
            return .ok(answer)
        }
    }

    func getReturnRequest(_ input: Operations.GetReturnRequest.Input) async throws -> Operations.GetReturnRequest.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.returnRequestId, "returnRequestId")
            let found = try await environment.read(caller) { [store] connection in
                try await store.find(id, tenant: caller.tenant, merchant: caller.merchantScope, on: connection, logger: caller.logger)
            }
            // Another tenant's or another merchant's request is simply not found: existence is never revealed.
            guard let found else { throw ErrorBody.notFound("return request \(id.wire)") }
            return .ok(Components.Schemas.ReturnRequest(found))
        }
    }
}
