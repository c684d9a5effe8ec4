import DispatchAPI
import Foundation
import Models
import ServiceKit

extension DispatchHandlers {
    /// The merchant acknowledges a queued case: the state change, the cancelled deadline timer and the
    /// event commit together, so an acknowledged case's timer never fires.
    func acknowledgeCase(_ input: Operations.AcknowledgeCase.Input) async throws -> Operations.AcknowledgeCase.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let request: Components.Schemas.AcknowledgeCaseRequest
        switch input.body { case .json(let body): request = body }
        var checks = FieldChecks()
        let caseID = checks.uuid(request.caseId, "caseId")
        guard let caseID else { return .failure(checks.error ?? .invalidArgument([])) }
        let now = environment.clock.now()
        let store = DispatchCaseStore()
        do {
            let answer = try await environment.mutate(tenant: caller.tenant, logger: caller.logger) { [environment] connection in
                guard var record = try await store.lock(
                    caseID, merchant: caller.merchantScope, tenant: caller.tenant, on: connection, logger: caller.logger
                ) else { throw ErrorBody.notFound("case \(caseID.wire)") }
                switch record.status {
                case .acknowledged:
                    return Components.Schemas.DispatchCase(record)
                case .responseOverdue:
                    throw ErrorBody(code: .failedPrecondition, message: "the merchant's response deadline passed; the case is with escalation")
                case .awaitingAcknowledgement:
                    break
                }
                record.status = .acknowledged
                record.acknowledgedAt = now
                try await store.update(record, tenant: caller.tenant, on: connection, logger: caller.logger)
                try await environment.timers.cancel(
                    MerchantResponse.timerKind, subject: MerchantResponse.subject(caseID), tenant: caller.tenant, on: connection,
                    logger: caller.logger
                )
                try await environment.outbox.append(
                    CaseAcknowledgedByMerchant(record.fields), subjectID: caseID.wire, tenant: caller.tenant, now: now, on: connection,
                    logger: caller.logger
                )
                return Components.Schemas.DispatchCase(record)
            }
            return .ok(.init(body: .json(answer)))
        } catch let error as ErrorBody {
            return .failure(error)
        }
    }
}

extension Components.Schemas.DispatchCase {
    init(_ record: DispatchCase) {
        self.init(
            caseId: record.caseID.wire, merchantId: record.merchantID.wire,
            status: Components.Schemas.DispatchCase.StatusPayload(rawValue: record.status.rawValue)!, queuedAt: record.queuedAt,
            respondBy: record.respondBy, acknowledgedAt: record.acknowledgedAt
        )
    }
}

extension Operations.AcknowledgeCase.Output {
    static func failure(_ error: ErrorBody) -> Self {
        .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported())))
    }
}
