import Foundation
import Logging
import Models
import RepairsAPI
import ServiceKit

/// Repairs' operations: contract in, workflow, store, contract out. Expected failures are returned as
/// documented error responses, not thrown.
struct RepairsHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = RepairOrderStore()

    /// Who may call what (DESIGN §5): reception and the workshop register devices; those who follow a
    /// repair read it.
    static let access: AccessTable = [
        "CreateRepairOrder": .mutates([.tenantAdmin, .technician, .supervisor, .intakeClerk, .csAgent]),
        "GetRepairOrder": .reads([
            .tenantAdmin, .technician, .supervisor, .intakeClerk, .csAgent, .partsClerk, .finance, .followUpAgent, .dashboardReader,
        ]),
    ]

    func createRepairOrder(_ input: Operations.CreateRepairOrder.Input) async throws -> Operations.CreateRepairOrder.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let request: Components.Schemas.CreateRepairOrderRequest
        switch input.body { case .json(let body): request = body }
        let draft = RepairRegistration.Draft(
            caseID: request.caseId,
            device: Device(productName: request.device.productName, model: request.device.model, serialNumber: request.device.serialNumber),
            reportedFault: request.reportedFault, accompanyingItems: request.accompanyingItems ?? []
        )
        let registration: RepairRegistration
        switch RepairRegistration.validate(draft) {
        case .success(let valid): registration = valid
        case .failure(let error): return .failure(error)
        }
        let order = RepairOrder(id: .v7(), status: .registered, registration: registration, createdAt: environment.clock.now())
        do {
            let answer = try await environment.mutate(tenant: caller.tenant, logger: caller.logger) { connection in
                try await store.insert(order, tenant: caller.tenant, on: connection, logger: caller.logger)
                caller.logger.info("repair order registered", metadata: ["repair_order.id": "\(order.id.wire)"])
                return Components.Schemas.RepairOrder(order)
            }
            return .ok(.init(body: .json(answer)))
        } catch let error as ErrorBody {
            return .failure(error)
        }
    }

    func getRepairOrder(_ input: Operations.GetRepairOrder.Input) async throws -> Operations.GetRepairOrder.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let request: Components.Schemas.GetRepairOrderRequest
        switch input.body { case .json(let body): request = body }
        var checks = FieldChecks()
        guard let id = checks.uuid(request.repairOrderId, "repairOrderId") else { return .failure(checks.error ?? .invalidArgument([])) }
        let found = try await environment.database.withTenantTransaction(caller.tenant, logger: caller.logger) { connection in
            try await store.find(id, tenant: caller.tenant, on: connection, logger: caller.logger)
        }
        guard let found else { return .failure(.notFound("repair order \(id.wire)")) }
        return .ok(.init(body: .json(Components.Schemas.RepairOrder(found))))
    }
}

extension Components.Schemas.RepairOrder {
    /// A repair order as the contract shows it.
    init(_ order: RepairOrder) {
        let registration = order.registration
        self.init(
            repairOrderId: order.id.wire, caseId: registration.caseID?.wire,
            device: .init(
                productName: registration.device.productName, model: registration.device.model,
                serialNumber: registration.device.serialNumber
            ),
            reportedFault: registration.reportedFault, accompanyingItems: registration.accompanyingItems,
            status: order.status, createdAt: order.createdAt
        )
    }
}

// The documented error response of each operation, recorded for the request log and metrics.
extension Operations.CreateRepairOrder.Output {
    static func failure(_ error: ErrorBody) -> Self { .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported()))) }
}

extension Operations.GetRepairOrder.Output {
    static func failure(_ error: ErrorBody) -> Self { .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported()))) }
}
