import Foundation
import Logging
import Models
import ServiceKit

/// The case's repairs are new facts (rules.md §3.5, §3.6): the days the item was away pause the 三包 clock of
/// a policy whose windows pause (FN-01, T-19) — they close that much later — an exchange restarts it (FN-09),
/// and a fault repaired again counts towards the policy's repeat rules (DS-04 D, FN-05). The case is judged
/// again as of its registration (``CaseRevision``); a free exchange falling due (FN-06, T-20) is a right that
/// arises then, taken as it stands at that instant.
enum RepairFactsJudging {
    static func recorded(_ report: RepairRecorded, _ header: EventHeader, _ context: EventContext) async throws {
        guard
            let record = try await CaseStore().find(
                report.caseID,
                tenant: context.tenant,
                merchant: nil,
                on: context.connection,
                logger: context.logger
            )
        else { return }
        let records = try await CaseRepairRecordStore().keep(
            report,
            tenant: context.tenant,
            now: context.now,
            on: context.connection,
            logger: context.logger
        )
        try await revise(record, records: records, at: header.occurredAt, arising: nil, header, context)
    }

    static func expired(_ expiry: RepairTimerExpired, _ header: EventHeader, _ context: EventContext) async throws {
        guard let resolution = expiry.onExpiry.arisingResolution,
            let record = try await CaseStore().find(
                expiry.caseID,
                tenant: context.tenant,
                merchant: nil,
                on: context.connection,
                logger: context.logger
            )
        else { return }
        let records = try await CaseRepairRecordStore().records(
            of: expiry.caseID,
            tenant: context.tenant,
            on: context.connection,
            logger: context.logger
        )
        try await revise(record, records: records, at: expiry.dueAt, arising: (resolution, expiry.dueAt), header, context)
    }

    /// The case with its repairs' facts — an item still away counted to the day of `instant` — judged again.
    private static func revise(
        _ record: AfterSalesCase,
        records: [RepairRecorded],
        at instant: Date,
        arising: (resolution: Resolution, at: Date)?,
        _ header: EventHeader,
        _ context: EventContext
    ) async throws {
        let zone = record.judgement?.resolvedRules.timeZoneIdentifier ?? "UTC"
        let day =
            BusinessCalendar.localDate(of: instant, timeZoneIdentifier: zone) ?? BusinessCalendar.localDate(of: instant, timeZoneIdentifier: "UTC")!
        var updated = record
        updated.repairFacts = CaseRepairFacts.from(records, through: day)
        guard updated.repairFacts != record.repairFacts || arising != nil else { return }
        try await CaseRevision.revise(record, to: updated, arising: arising, cause: header, context)
    }
}
