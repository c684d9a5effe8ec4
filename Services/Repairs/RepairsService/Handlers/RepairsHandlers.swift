import Logging
import Models
import RepairsAPI
import ServiceKit

/// Repairs' operations: contract in, workflow, store, contract out.
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
        try await answering { caller in
            let registration = try RepairRegistration.validate(RepairRegistration.Draft(input.request)).get()
            let order = RepairOrder(id: .v7(), status: .registered, registration: registration, createdAt: environment.clock.now())
            let answer = try await environment.mutate(caller, answering: Components.Schemas.RepairOrder(order)) { [store] connection in
                try await store.insert(order, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            caller.logger.info("repair order registered", metadata: ["repair_order.id": "\(order.id.wire)"])
            return .ok(answer)
        }
    }

    func getRepairOrder(_ input: Operations.GetRepairOrder.Input) async throws -> Operations.GetRepairOrder.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.repairOrderId, "repairOrderId")
            let found = try await environment.read(caller) { [store] connection in
                try await store.find(id, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            guard let found else { throw ErrorBody.notFound("repair order \(id.wire)") }
            return .ok(Components.Schemas.RepairOrder(found))
        }
    }
}
