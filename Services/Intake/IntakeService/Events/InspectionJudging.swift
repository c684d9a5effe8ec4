import Foundation
import Logging
import Models
import ServiceKit

/// The merchant's inspection is new facts: the case is judged again under the policy version stamped at
/// registration, at the registration's moment, and `case.decision_revised` announces a changed judgement
/// (DESIGN §6: a later policy never rewrites an open case; new facts about it do).
enum InspectionJudging {
    static func rejudge(_ inspection: InspectionRecorded, header: EventHeader, context: EventContext) async throws {
        let cases = CaseStore()
        // The case row is locked by the timeline's step already (same transaction).
        guard
            let record = try await cases.find(
                inspection.caseID,
                tenant: context.tenant,
                merchant: nil,
                on: context.connection,
                logger: context.logger
            )
        else { return }
        let inspected = CaseRejudging.applying(inspection, to: record)
        guard let stamped = record.judgement,
            let judge = try await TenantPolicies.stamped(
                stamped.policyVersion,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            )
        else {
            try await cases.revise(inspected, announcing: nil, on: context.connection, logger: context.logger)
            return
        }
        var revised = inspected
        revised.judgement = record.registration.judged(
            facts: inspected.currentFacts,
            by: judge.policy,
            calendar: judge.calendar,
            at: record.createdAt
        )
        guard let judgement = revised.judgement, judgement != stamped else {
            try await cases.revise(inspected, announcing: nil, on: context.connection, logger: context.logger)
            return
        }
        let payload = CaseDecisionRevised(caseID: record.id, previousStatus: stamped.status, judgement: judgement, cause: header.id)
        // A revision never precedes its cause on the timeline, whatever the clocks of the two services say.
        let at = max(context.now, header.occurredAt)
        let event = try context.outbox.entry(payload, subjectID: record.id.wire, tenant: context.tenant, now: at)
        try await cases.revise(revised, announcing: event, on: context.connection, logger: context.logger)
        let entry = TimelineEntry(
            own: payload,
            eventID: event.id,
            caseID: record.id,
            at: at,
            actorRole: "system",
            visibility: .customer,
            merchantID: record.registration.merchantID,
            data: String(decoding: try WireJSON.encoder.encode(payload), as: UTF8.self)
        )
        _ = try await CaseTimelineStore().record(entry, tenant: context.tenant, now: context.now, on: context.connection, logger: context.logger)
        context.logger.info(
            "case judgement revised",
            metadata: ["case.id": "\(record.id.wire)", "from": "\(stamped.status.rawValue)", "to": "\(judgement.status.rawValue)"]
        )
    }
}
