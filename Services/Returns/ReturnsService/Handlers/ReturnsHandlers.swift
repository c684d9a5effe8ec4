import Foundation
import Logging
import Models
import PostgresNIO
import ReturnsAPI
import ServiceKit

/// Returns' operations: contract in, workflow, store, contract out. The merchant's side, the customer's side
/// and the platform's review are in their own files; every step goes through ``step(_:_:_:note:grant:record:)``.
struct ReturnsHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = ReturnRequestStore()

    /// The customer's side: the front office acting for the customer, and the storefront for its customer.
    static let customerSide: Set<Role> = [.tenantAdmin, .csAgent, .intakeClerk, .storefront, .supervisor]
    /// The merchant's side: the merchant's own token (its partner API), or the dispatcher relaying a
    /// merchant's answer given by phone (the computer mall's runners).
    static let merchantSide: Set<Role> = [.merchant, .dispatcherRunner]

    /// Who may call what (DESIGN §5). Reads: staff who follow requests, the arbitrator, a merchant its own,
    /// the storefront its customer's.
    static let access: AccessTable = [
        "CreateReturnRequest": .mutates(customerSide),
        "GetReturnRequest": .reads(readers),
        "ListReturnRequests": .reads(readers),
        "ApproveReturnRequest": .mutates(merchantSide),
        "RejectReturnRequest": .mutates(merchantSide),
        "OfferPartialRefund": .mutates(merchantSide),
        "ConfirmReturnReceipt": .mutates(merchantSide),
        "WithdrawReturnRequest": .mutates(customerSide),
        "ResubmitReturnRequest": .mutates(customerSide),
        "AnswerRefundOffer": .mutates(customerSide),
        "ShipReturn": .mutates(customerSide),
        "AskPlatformReview": .mutates(customerSide),
        "ArbitrateReturnRequest": .mutates([.platformArbitrator]),
        "GetCaseLedger": .reads(ledgerReaders),
        "ListPayments": .reads(ledgerReaders),
        "RetryPayment": .mutates(financeDesk),
        "ReconcilePayments": .mutates(financeDesk),
        "RefundTotals": .reads(ledgerReaders),
        "CorrectLedgerEntry": .mutates(financeDesk),
        "GrantCompensation": .mutates(financeDesk.union([.csAgent, .supervisor])),
        "SettleExchange": .mutates(exchangeDesk),
        "ShipReplacement": .mutates(exchangeDesk),
    ]

    static let readers: Set<Role> = [
        .tenantAdmin, .csAgent, .intakeClerk, .storefront, .supervisor, .finance, .escalationOfficer, .dispatcherRunner, .followUpAgent,
        .dashboardReader, .platformArbitrator, .merchant,
    ]

    func createReturnRequest(_ input: Operations.CreateReturnRequest.Input) async throws -> Operations.CreateReturnRequest.Output {
        try await answering { caller in
            let application = try ReturnApplication.validate(ReturnApplication.Draft(input.request)).get()
            let now = environment.clock.now()
            let storefront = ReturnScope(caller).customer
            let answer = try await environment.mutate(caller) { connection in
                let (tenant, logger) = (caller.tenant, caller.logger)
                let known = try await CaseDirectoryStore().find(application.caseID, tenant: tenant, on: connection, logger: logger)
                let merchant = try await MerchantDirectory.find(application.merchantID, tenant: tenant, on: connection, logger: logger)
                let start = try ReturnAdmission.admit(application, to: known, merchantKnown: merchant != nil, at: now).get()
                try await Self.checkOncePerOrder(application.type, known, connection: connection, caller: caller)
                var request = ReturnRequest(
                    id: .v7(),
                    status: start,
                    application: application,
                    source: storefront == nil ? .agent : .storefront,
                    customerRef: storefront,
                    createdAt: now
                )
                if start == .inPlatformReview { request.review = PlatformReview(askedReason: nil, askedAt: now, decision: nil) }
                let writer = RequestWriter(connection, tenant: tenant, now: now, logger: logger, outbox: environment.outbox)
                let step = start == .inPlatformReview ? ReturnSteps.submittedForReview : ReturnSteps.submitted
                let timers = known?.judgement?.resolvedRules.timers ?? []
                guard try await writer.open(&request, step: step, actor: caller.principal.subject, timers: timers) else {
                    throw ErrorBody.alreadyExists("caseId", "already has an open return request")
                }
                return Components.Schemas.ReturnRequest(request)
            }
            caller.logger.info("return requested", metadata: ["return_request.id": "\(answer.returnRequestId)"])
            return .ok(answer)
        }
    }

    /// LG-14: where the case's policy allows one return or exchange per order, an order that has one (going
    /// or done) refuses another.
    static func checkOncePerOrder(_ type: ReturnType, _ known: KnownCase?, connection: PostgresConnection, caller: TenantCaller) async throws {
        guard let rule = RefundLedger.oncePerOrderRule(for: type, judgement: known?.judgement), let order = known?.orderNumber else { return }
        let exchanges = ExchangeStore(LedgerStore(tenant: caller.tenant, connection: connection, logger: caller.logger))
        try await exchanges.lockOrder(order)
        if try await exchanges.orderAlreadyReturned(order, excluding: nil) {
            throw ErrorBody.failedPrecondition(
                "type",
                "order \(order) already had a return or exchange; the policy allows one per order (\(rule.ruleIds.joined(separator: ", ")))"
            )
        }
    }

    func getReturnRequest(_ input: Operations.GetReturnRequest.Input) async throws -> Operations.GetReturnRequest.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.returnRequestId, "returnRequestId")
            let found = try await environment.read(caller) { [store] connection in
                try await store.find(id, scope: ReturnScope(caller), tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            // Another tenant's, merchant's or customer's request is simply not found: existence is never revealed.
            guard let found else { throw ErrorBody.notFound("return request \(id.wire)") }
            return .ok(Components.Schemas.ReturnRequest(found))
        }
    }

    func listReturnRequests(_ input: Operations.ListReturnRequests.Input) async throws -> Operations.ListReturnRequests.Output {
        try await answering { caller in
            let request = input.request
            let caseID = try request.caseId.map { try FieldChecks.uuid($0, "caseId") }
            let status = request.status.flatMap { ReturnRequestStatus(rawValue: $0.rawValue) }
            let waiting = request.waitingOn.flatMap { ReturnActor(rawValue: $0.rawValue) }
            let statuses = waiting.map { side in ReturnRequestStatus.allCases.filter { ReturnRequest.waitingOn($0) == side } }
            let page = try await environment.page(
                caller,
                operation: "ListReturnRequests",
                filter: "\(status?.rawValue ?? "")|\(waiting?.rawValue ?? "")|\(caseID?.wire ?? "")",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: { UUID(uuidString: $0.returnRequestId) ?? UUID() }
            ) { [store] after, limit, connection in
                try await store.list(
                    status: status,
                    statuses: statuses,
                    caseID: caseID,
                    scope: ReturnScope(caller),
                    after: after,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                ).map(Components.Schemas.ReturnRequest.init)
            }
            return .ok(.init(returnRequests: page.rows, nextPageToken: page.nextPageToken))
        }
    }

    /// Takes `action` on the request `rawID` for `caller`: the request locked (in the caller's scope: another
    /// merchant's or customer's is not found), the step checked by the state machine, `record` notes what the
    /// step says (and may refuse it, seeing the request and its case), a refund entered is decided by `grant`.
    func step(
        _ rawID: String,
        _ caller: TenantCaller,
        _ action: ReturnAction,
        note: String? = nil,
        grant: (@Sendable (ReturnRequest) -> RequestSteps.Grant?)? = nil,
        record: @escaping @Sendable (inout ReturnRequest, KnownCase?, Date) throws -> Void = { _, _, _ in }
    ) async throws -> Components.Schemas.ReturnRequest {
        let id = try FieldChecks.uuid(rawID, "returnRequestId")
        let now = environment.clock.now()
        return try await environment.mutate(caller) { [store] connection in
            let (tenant, logger) = (caller.tenant, caller.logger)
            let writer = RequestWriter(connection, tenant: tenant, now: now, logger: logger, outbox: environment.outbox)
            // Timers before the request (one lock order with the timer worker); a refused step rolls it back.
            try await writer.releaseTimers(of: id)
            guard var request = try await store.find(id, scope: ReturnScope(caller), locked: true, tenant: tenant, on: connection, logger: logger)
            else { throw ErrorBody.notFound("return request \(id.wire)") }
            try await RequestSteps(writer: writer).take(
                action,
                on: &request,
                actor: caller.principal.subject,
                note: note,
                grant: grant?(request),
                record: { request, known in try record(&request, known, now) }
            )
            logger.info(
                "return request step",
                metadata: ["return_request.id": "\(id.wire)", "step": "\(ReturnSteps.name(of: action))", "status": "\(request.status.rawValue)"]
            )
            return Components.Schemas.ReturnRequest(request)
        }
    }
}
