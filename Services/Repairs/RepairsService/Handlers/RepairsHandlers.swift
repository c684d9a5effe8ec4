import Foundation
import Logging
import Models
import PostgresNIO
import RepairsAPI
import ServiceKit

/// Repairs' operations: contract in, workflow, store, contract out.
struct RepairsHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let settings: RepairsSettings
    let store = RepairOrderStore()

    /// Those who work on repair orders: the tenant's workshop and front desk, and a merchant on the orders
    /// addressed to it (DESIGN §6: merchants perform the repairs they agreed to).
    static let workers: Set<Role> = [.tenantAdmin, .supervisor, .technician, .intakeClerk, .csAgent, .merchant]
    static let readers: Set<Role> = workers.union([.partsClerk, .finance, .followUpAgent, .dashboardReader])

    /// Who may call what (DESIGN §5): reception and the workshop take the steps, a merchant on its own
    /// orders; a discount needs a supervisor (checked in the settlement); the checklists are the tenant's.
    static let access: AccessTable = [
        "CreateRepairOrder": .mutates([.tenantAdmin, .technician, .supervisor, .intakeClerk, .csAgent]),
        "GetRepairOrder": .reads(readers),
        "ListRepairOrders": .reads(readers),
        "CheckInRepairOrder": .mutates(workers),
        "AgreeDiscrepancy": .mutates(workers),
        "AssignTechnician": .mutates(workers),
        "QuoteRepair": .mutates(workers),
        "AcceptQuote": .mutates(workers),
        "DeclineQuote": .mutates(workers),
        "ReportExtraWork": .mutates(workers),
        "AnswerExtraWork": .mutates(workers),
        "HoldRepair": .mutates(workers),
        "ResumeRepair": .mutates(workers),
        "FinishRepair": .mutates(workers),
        "RecordQualityCheck": .mutates(workers),
        "SettleRepairOrder": .mutates(workers),
        "HandOverRepairOrder": .mutates(workers),
        "CancelRepairOrder": .mutates(workers),
        "SetQcChecklist": .mutates([.tenantAdmin, .supervisor]),
        "GetQcChecklist": .reads(readers),
        "BookAppointment": .mutates(workers),
        "RescheduleAppointment": .mutates(workers),
        "RecordVisitArrival": .mutates(workers),
        "RecordVisitCompletion": .mutates(workers),
        "GetWorkshopBoard": .reads(boardReaders),
        "GetWorkshopFigures": .reads(boardReaders),
    ]

    /// The workshop board and its figures: the tenant's supervisors and dashboards (not merchants).
    static let boardReaders: Set<Role> = [.tenantAdmin, .supervisor, .dashboardReader, .technician, .csAgent]

    func createRepairOrder(_ input: Operations.CreateRepairOrder.Input) async throws -> Operations.CreateRepairOrder.Output {
        try await answering { caller in
            let registration = try RepairRegistration.validate(RepairRegistration.Draft(input.request)).get()
            let now = environment.clock.now()
            let order = RepairOrder(id: .v7(), registration: registration, at: now)
            let answer = try await environment.mutate(caller) { connection in
                let (tenant, logger) = (caller.tenant, caller.logger)
                if let caseID = registration.caseID {
                    guard let known = try await ReferenceStore().find(caseID, tenant: tenant, on: connection, logger: logger) else {
                        throw ErrorBody.failedPrecondition("caseId", "no such case of this tenant")
                    }
                    if known.cancelled { throw ErrorBody.failedPrecondition("caseId", "the case was cancelled") }
                }
                if let merchantID = registration.merchantID {
                    let merchant = try await MerchantDirectory.find(merchantID, tenant: tenant, on: connection, logger: logger)
                    guard let merchant else { throw ErrorBody.failedPrecondition("merchantId", "no such merchant of this tenant") }
                    if merchant.status != .active { throw ErrorBody.failedPrecondition("merchantId", "the merchant is \(merchant.status.rawValue)") }
                }
                try await writer(connection, caller, now: now).open(order)
                return try await RepairAnswer.make(order, tenant: tenant, on: connection, logger: logger)
            }
            caller.logger.info("repair order registered", metadata: ["repair_order.id": "\(order.id.wire)"])
            return .ok(answer)
        }
    }

    func getRepairOrder(_ input: Operations.GetRepairOrder.Input) async throws -> Operations.GetRepairOrder.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.repairOrderId, "repairOrderId")
            let answer = try await environment.read(caller) { connection in
                let found = try await Self.order(id, caller, locked: false, on: connection)
                return try await RepairAnswer.make(found, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            return .ok(answer)
        }
    }

    func listRepairOrders(_ input: Operations.ListRepairOrders.Input) async throws -> Operations.ListRepairOrders.Output {
        try await answering { caller in
            let request = input.request
            let caseID = try request.caseId.map { try FieldChecks.uuid($0, "caseId") }
            let status = request.status
            let page = try await environment.page(
                caller,
                operation: "ListRepairOrders",
                filter: "\(status?.rawValue ?? "")|\(caseID?.wire ?? "")",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: { UUID(uuidString: $0.repairOrderId) ?? UUID() }
            ) { [store] after, limit, connection in
                let orders = try await store.list(
                    status: status,
                    caseID: caseID,
                    merchant: caller.merchantScope,
                    after: after,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
                var answers: [Components.Schemas.RepairOrder] = []
                for order in orders {
                    answers.append(try await RepairAnswer.make(order, tenant: caller.tenant, on: connection, logger: caller.logger))
                }
                return answers
            }
            return .ok(.init(repairOrders: page.rows, nextPageToken: page.nextPageToken))
        }
    }

    /// The order `id` of the caller's tenant — a merchant's only if addressed to it (another's is not found,
    /// BOLA) — locked for a step when `locked`; or not_found.
    static func order(_ id: UUID, _ caller: TenantCaller, locked: Bool, on connection: PostgresConnection) async throws -> RepairOrder {
        let found = try await RepairOrderStore().find(
            id,
            merchant: caller.merchantScope,
            locked: locked,
            tenant: caller.tenant,
            on: connection,
            logger: caller.logger
        )
        guard let found else { throw ErrorBody.notFound("repair order \(id.wire)") }
        return found
    }

    func writer(_ connection: PostgresConnection, _ caller: TenantCaller, now: Date) -> OrderWriter {
        OrderWriter(connection, tenant: caller.tenant, now: now, logger: caller.logger, outbox: environment.outbox, settings: settings)
    }

    /// Takes `step` on the order `id` for `caller`: the order locked (a merchant's only if addressed to it),
    /// the step checked against its state, `apply` records what the step says, and the order is written
    /// with its events. `apply` may refuse (throw) after seeing the order; it returns what Parts must do.
    func take(
        _ step: RepairOrderStep,
        on rawID: String,
        _ caller: TenantCaller,
        apply: @escaping @Sendable (inout RepairOrder, StepContext) async throws -> [PartsEffect] = { _, _ in [] }
    ) async throws -> Components.Schemas.RepairOrder {
        try await change(on: rawID, caller, named: step.name, move: { try RepairOrderLife.next($0, step).get() }, apply: apply)
    }

    /// A change that leaves the order's state as it is (`named` in its events), refused once it is closed;
    /// `then` writes more of it in the same transaction, once the order is saved.
    func amend(
        on rawID: String,
        _ caller: TenantCaller,
        named name: String,
        apply: @escaping @Sendable (inout RepairOrder, StepContext) async throws -> [PartsEffect],
        then: (@Sendable (RepairOrder, OrderWriter) async throws -> Void)? = nil
    ) async throws -> Components.Schemas.RepairOrder {
        try await change(
            on: rawID,
            caller,
            named: name,
            move: { status in
                if status.isFinal { throw RepairOrderLife.refusal(status) }
                return status
            },
            apply: apply,
            then: then
        )
    }

    private func change(
        on rawID: String,
        _ caller: TenantCaller,
        named name: String,
        move: @escaping @Sendable (RepairOrderStatus) throws -> RepairOrderStatus,
        apply: @escaping @Sendable (inout RepairOrder, StepContext) async throws -> [PartsEffect],
        then: (@Sendable (RepairOrder, OrderWriter) async throws -> Void)? = nil
    ) async throws -> Components.Schemas.RepairOrder {
        let id = try FieldChecks.uuid(rawID, "repairOrderId")
        let now = environment.clock.now()
        return try await environment.mutate(caller) { connection in
            let (tenant, logger) = (caller.tenant, caller.logger)
            var order = try await Self.order(id, caller, locked: true, on: connection)
            let promisedBefore = order.promisedBy
            order.status = try move(order.status)
            // Back to the bench while a part is still awaited (it ran out while the order was held or waiting
            // for the customer): the order waits for it instead.
            if order.status == .inRepair, try await PartsReadModelStore().openWaits(of: id, tenant: tenant, on: connection, logger: logger) > 0 {
                order.status = .awaitingParts
            }
            let effects = try await apply(&order, StepContext(connection: connection, caller: caller, now: now))
            let writer = writer(connection, caller, now: now)
            try await writer.save(&order, step: name, effects: effects, promisedBefore: promisedBefore)
            try await then?(order, writer)
            return try await RepairAnswer.make(order, tenant: tenant, on: connection, logger: logger)
        }
    }
}

/// What a step's `apply` may use: the transaction, the caller (who did it) and the business instant.
struct StepContext: Sendable {
    let connection: PostgresConnection
    let caller: TenantCaller
    let now: Date

    var actor: String { caller.principal.subject }
}
