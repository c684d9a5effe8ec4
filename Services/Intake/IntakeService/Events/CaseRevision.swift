import Foundation
import Logging
import Models
import ServiceKit

/// New facts about a case (DESIGN §6: a later policy never rewrites an open case; new facts about it do):
/// the case is judged again under the policy version stamped at registration, and `case.decision_revised`
/// announces a changed judgement on the case's timeline.
enum CaseRevision {
    /// Writes `updated` (the case with its new facts), judged as of its registration — with a right that
    /// arose later (`arising`) taken as it stood then — in the inbox's transaction; the case row is locked by
    /// the timeline's step already.
    static func revise(
        _ record: AfterSalesCase,
        to updated: AfterSalesCase,
        arising: (resolution: Resolution, at: Date)? = nil,
        cause header: EventHeader,
        _ context: EventContext
    ) async throws {
        let cases = CaseStore()
        guard let stamped = record.judgement,
            let judge = try await TenantPolicies.stamped(
                stamped.policyVersion,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            )
        else {
            try await cases.revise(updated, announcing: nil, on: context.connection, logger: context.logger)
            return
        }
        var revised = updated
        let facts = updated.currentFacts
        if let arising {
            revised.judgement = record.registration.judged(
                facts: facts,
                by: judge.policy,
                calendar: judge.calendar,
                at: record.createdAt,
                granting: arising.resolution,
                asOf: arising.at
            )
        } else {
            revised.judgement = record.registration.judged(facts: facts, by: judge.policy, calendar: judge.calendar, at: record.createdAt)
        }
        guard let judgement = revised.judgement, judgement != stamped else {
            try await cases.revise(updated, announcing: nil, on: context.connection, logger: context.logger)
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
        try await CaseTimelineStore().record(entry, tenant: context.tenant, now: context.now, on: context.connection, logger: context.logger)
        context.logger.info(
            "case judgement revised",
            metadata: ["case.id": "\(record.id.wire)", "from": "\(stamped.status.rawValue)", "to": "\(judgement.status.rawValue)"]
        )
    }
}
