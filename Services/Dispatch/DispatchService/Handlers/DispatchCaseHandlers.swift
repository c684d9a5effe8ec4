import DispatchAPI
import Foundation
import Models
import PostgresNIO
import ServiceKit

/// The cases at Dispatch: read one, list them (a merchant's inbox, the routing queue), acknowledge,
/// assign. A merchant reaches only the cases assigned to it: any other is simply not found.
extension DispatchHandlers {
    /// Locks the caller's case, applies `step` (which throws the refusal, or writes its effects) and answers
    /// the case as it stands — one transaction, honouring the caller's Idempotency-Key.
    func step(
        _ caseID: UUID,
        _ caller: TenantCaller,
        _ step: @escaping @Sendable (inout DispatchCase, HandshakeWriter, HandshakeDeadlines) async throws -> Void
    ) async throws -> Components.Schemas.DispatchCase {
        let now = environment.clock.now()
        let defaults = deadlines
        return try await environment.mutate(caller) { [environment] connection in
            let writer = HandshakeWriter(environment, caller, connection, now: now)
            guard
                var record = try await writer.cases.lock(
                    caseID,
                    merchant: caller.merchantScope,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            else { throw ErrorBody.notFound("case \(caseID.wire)") }
            try await step(&record, writer, try await writer.deadlines(for: record.merchantID, defaults: defaults))
            return Components.Schemas.DispatchCase(record)
        }
    }

    /// The merchant acknowledges a case queued for it (late too, once chased): the state change, the next
    /// deadline and the event commit together, so an acknowledged case's acknowledge timer never fires.
    func acknowledgeCase(_ input: Operations.AcknowledgeCase.Input) async throws -> Operations.AcknowledgeCase.Output {
        try await answering { caller in
            let caseID = try FieldChecks.uuid(input.request.caseId, "caseId")
            return .ok(
                try await step(caseID, caller) { record, writer, deadlines in
                    let respondBy = record.respondBy
                    guard try record.acknowledge(at: writer.now, deadlines: deadlines), let merchantID = record.merchantID else { return }
                    try await writer.save(record)
                    try await writer.emit(
                        CaseAcknowledgedByMerchant(MerchantCaseFields(caseID: caseID, merchantID: merchantID, respondBy: respondBy ?? writer.now)),
                        about: caseID
                    )
                }
            )
        }
    }

    func getDispatchCase(_ input: Operations.GetDispatchCase.Input) async throws -> Operations.GetDispatchCase.Output {
        try await answering { caller in
            let caseID = try FieldChecks.uuid(input.request.caseId, "caseId")
            let found = try await environment.read(caller) { connection in
                try await DispatchCaseStore().find(
                    caseID,
                    merchant: caller.merchantScope,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            guard let found else { throw ErrorBody.notFound("case \(caseID.wire)") }
            return .ok(Components.Schemas.DispatchCase(found))
        }
    }

    func listDispatchCases(_ input: Operations.ListDispatchCases.Input) async throws -> Operations.ListDispatchCases.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let named = checks.optionalUUID(request.merchantId, "merchantId")
            try checks.throwIfFailed()
            // A merchant sees its own inbox whatever it names.
            let merchant = caller.merchantScope ?? named
            let overdueOnly = request.overdueOnly ?? false
            let binding = PageBinding(
                operation: "ListDispatchCases",
                tenant: caller.tenant,
                merchantScope: caller.merchantScope,
                filter: "merchant=\(merchant?.wire ?? "")\u{1F}status=\(request.status?.rawValue ?? "")\u{1F}overdue=\(overdueOnly)"
            )
            let page = try environment.pageTokens.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding).get()
            let now = environment.clock.now()
            let fetched = try await environment.read(caller) { connection in
                try await DispatchCaseStore().list(
                    tenant: caller.tenant,
                    merchant: merchant,
                    status: request.status,
                    overdueOnly: overdueOnly,
                    now: now,
                    after: page.after,
                    limit: page.size + 1,
                    on: connection,
                    logger: caller.logger
                )
            }
            let result = environment.pageTokens.page(fetched: fetched, request: page, binding: binding, id: \.caseID)
            return .ok(.init(cases: result.rows.map(Components.Schemas.DispatchCase.init), nextPageToken: result.nextPageToken))
        }
    }

    /// A dispatcher assigns a case from the routing queue (or reassigns one nothing was agreed on) to an
    /// active merchant: the assignment history keeps the one before; the new merchant's clock starts now.
    func assignCase(_ input: Operations.AssignCase.Input) async throws -> Operations.AssignCase.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let caseID = checks.uuid(input.request.caseId, "caseId")
            let merchantID = checks.uuid(input.request.merchantId, "merchantId")
            try checks.throwIfFailed()
            guard let caseID, let merchantID else { throw ErrorBody.internalError() }
            return .ok(
                try await step(caseID, caller) { [deadlines] record, writer, _ in
                    let merchant = try await MerchantStore().share(merchantID, tenant: writer.tenant, on: writer.connection, logger: writer.logger)
                    guard let merchant else {
                        throw ErrorBody(
                            code: .failedPrecondition,
                            message: "merchantId: no such merchant",
                            details: [.init(field: "merchantId", reason: "is not a merchant of this tenant")]
                        )
                    }
                    guard merchant.status == .active else {
                        throw ErrorBody(
                            code: .failedPrecondition,
                            message: "merchantId: the merchant is suspended",
                            details: [.init(field: "merchantId", reason: "is suspended")]
                        )
                    }
                    let previous = record.merchantID
                    try record.assign(
                        to: merchantID,
                        at: writer.now,
                        deadlines: deadlines.merchant(merchant.registration.responseDeadlines),
                        handling: merchant.registration.caseHandling
                    )
                    try await writer.save(record)
                    try await writer.cases.assigned(
                        record,
                        by: caller.principal.subject,
                        ending: previous == nil ? nil : "reassigned",
                        tenant: writer.tenant,
                        on: writer.connection,
                        logger: writer.logger
                    )
                    // The merchant it leaves stops reading it (Intake follows), and its tasks and planned legs go.
                    if let previous {
                        try await writer.leftTheMerchant(caseID, why: "the case was reassigned")
                        try await writer.emit(
                            CaseHandedBack(
                                caseID: caseID,
                                merchantID: previous,
                                cause: .reassigned,
                                reason: "reassigned by \(caller.principal.subject)"
                            ),
                            about: caseID
                        )
                    }
                    if let fields = record.fields { try await writer.emit(CaseQueuedForMerchant(fields), about: caseID) }
                }
            )
        }
    }
}
