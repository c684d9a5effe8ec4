import Foundation
import IntakeAPI
import Models
import PostgresNIO
import ServiceKit

/// Correcting and withdrawing a case.
extension IntakeHandlers {
    func updateCase(_ input: Operations.UpdateCase.Input) async throws -> Operations.UpdateCase.Output {
        try await answering { caller in
            let request = input.request
            let id = try FieldChecks.uuid(request.caseId, "caseId")
            let expected = Int(clamping: request.expectedVersion)
            let now = environment.clock.now()
            let draft = CaseRegistration.Draft(request.registration)
            let outbox = environment.outbox
            let answer = try await environment.mutate(caller) { [store] connection in
                var record = try await store.locked(id, caller: caller, on: connection)
                guard record.version == expected else {
                    throw ErrorBody(code: .aborted, message: "case \(id.wire) is at version \(record.version), not \(expected): read it again")
                }
                guard record.isEditable else {
                    throw ErrorBody(
                        code: .failedPrecondition,
                        message: "case \(id.wire) is \(record.status.rawValue): it can be corrected only until its merchant acknowledges it",
                        details: [FieldViolation(field: "caseId", reason: "no longer editable (\(record.status.rawValue))")]
                    )
                }
                // The stamped policy version and the tenant's calendar judge the corrected facts, at the
                // registration's moment: a correction is not a new claim.
                guard let stamped = record.judgement?.policyVersion,
                    let judge = try await TenantPolicies.stamped(stamped, tenant: caller.tenant, on: connection, logger: caller.logger)
                else { throw ErrorBody.notProvisioned(caller.tenant) }
                let corrected: CaseRegistration
                do throws(ErrorBody) { corrected = try Self.validated(draft, under: judge, now: now) } catch { throw error.prefixed("registration.") }
                guard corrected.merchantID == record.registration.merchantID else {
                    throw ErrorBody(
                        code: .failedPrecondition,
                        message: "the merchant of a case is changed by Dispatch's routing, not by UpdateCase",
                        details: [FieldViolation(field: "registration.merchantId", reason: "must be the case's merchant")]
                    )
                }
                let changed = CaseCorrection.changedFields(from: record.registration, to: corrected)
                guard !changed.isEmpty else { return Components.Schemas.Case(record) }
                record.registration = corrected
                record.judgement = corrected.judged(facts: record.currentFacts, by: judge.policy, calendar: judge.calendar, at: record.createdAt)
                record.version += 1
                record.updatedAt = now
                let payload = CaseUpdated(caseID: id, version: record.version, changedFields: changed, judgement: record.judgement)
                let event = try outbox.entry(payload, subjectID: id.wire, tenant: caller.tenant, now: now)
                let contact = try outbox.entry(CaseContactRecorded(record), subjectID: id.wire, tenant: caller.tenant, now: now)
                if let other = try await store.update(record, announcing: event, contact: contact, on: connection, logger: caller.logger) {
                    throw ErrorBody.openCaseExists(corrected, other).prefixed("registration.")
                }
                try await Self.keepOnTimeline(payload, event: event, record: record, visibility: .merchant, caller: caller, on: connection)
                return Components.Schemas.Case(record)
            }
            return .ok(answer)
        }
    }

    func cancelCase(_ input: Operations.CancelCase.Input) async throws -> Operations.CancelCase.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let id = checks.uuid(input.request.caseId, "caseId")
            let reason = checks.text(input.request.reason, "reason", max: 500)
            try checks.throwIfFailed()
            guard let id else { throw ErrorBody.invalidArgument([]) }
            let now = environment.clock.now()
            let outbox = environment.outbox
            let answer = try await environment.mutate(caller) { [store] connection in
                var record = try await store.locked(id, caller: caller, on: connection)
                if record.status == .cancelled { return Components.Schemas.Case(record) }
                guard CaseLife.next(record.status, after: .cancelled) == .cancelled else {
                    throw ErrorBody(
                        code: .failedPrecondition,
                        message: "case \(id.wire) is \(record.status.rawValue): only a case not yet resolved can be cancelled",
                        details: [FieldViolation(field: "caseId", reason: "already \(record.status.rawValue)")]
                    )
                }
                record.status = .cancelled
                record.cancellation = reason
                record.updatedAt = now
                let payload = CaseCancelled(caseID: id, merchantID: record.registration.merchantID, reason: reason)
                let event = try outbox.entry(payload, subjectID: id.wire, tenant: caller.tenant, now: now)
                try await store.cancel(record, announcing: event, on: connection, logger: caller.logger)
                try await Self.keepOnTimeline(payload, event: event, record: record, visibility: .customer, caller: caller, on: connection)
                return Components.Schemas.Case(record)
            }
            return .ok(answer)
        }
    }
}

extension IntakeHandlers {
    /// Intake's own step on the case's timeline, in the transaction that made it; who is the caller's role.
    static func keepOnTimeline<P: EventPayload>(
        _ payload: P,
        event: OutboxEntry,
        record: AfterSalesCase,
        visibility: TimelineVisibility,
        caller: TenantCaller,
        on connection: PostgresConnection
    ) async throws {
        let entry = TimelineEntry(
            own: payload,
            eventID: event.id,
            caseID: record.id,
            at: event.occurredAt,
            actorRole: registrant(caller.principal.roles)?.rawValue ?? caller.principal.roles.map(\.rawValue).sorted().first ?? "staff",
            visibility: visibility,
            merchantID: record.registration.merchantID,
            data: String(decoding: try WireJSON.encoder.encode(payload), as: UTF8.self)
        )
        try await CaseTimelineStore().record(entry, tenant: record.tenantID, now: event.occurredAt, on: connection, logger: caller.logger)
    }
}

extension ErrorBody {
    /// The same error with its fields under `prefix` (a nested request).
    func prefixed(_ prefix: String) -> ErrorBody {
        let moved = details.map { FieldViolation(field: prefix + $0.field, reason: $0.reason) }
        return code == .invalidArgument ? .invalidArgument(moved) : ErrorBody(code: code, message: message, details: moved)
    }
}
