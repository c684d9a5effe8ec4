import DispatchAPI
import Models
import ServiceKit

extension DispatchHandlers {
    /// The merchant acknowledges a queued case: the state change, the cancelled deadline timer and the
    /// event commit together, so an acknowledged case's timer never fires.
    func acknowledgeCase(_ input: Operations.AcknowledgeCase.Input) async throws -> Operations.AcknowledgeCase.Output {
        try await answering { caller in
            let caseID = try FieldChecks.uuid(input.request.caseId, "caseId")
            let now = environment.clock.now()
            let store = DispatchCaseStore()
            let answer = try await environment.mutate(caller) { [environment] connection in
                guard
                    var record = try await store.lock(
                        caseID,
                        merchant: caller.merchantScope,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw ErrorBody.notFound("case \(caseID.wire)") }
                guard try record.acknowledge(at: now) else { return Components.Schemas.DispatchCase(record) }
                try await store.update(record, tenant: caller.tenant, on: connection, logger: caller.logger)
                try await environment.timers.cancel(
                    MerchantResponse.timerKind,
                    subject: MerchantResponse.subject(caseID),
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
                try await environment.outbox.append(
                    CaseAcknowledgedByMerchant(record.fields),
                    subjectID: caseID.wire,
                    tenant: caller.tenant,
                    now: now,
                    on: connection,
                    logger: caller.logger
                )
                return Components.Schemas.DispatchCase(record)
            }
            return .ok(answer)
        }
    }
}
