import Foundation
import Models
import ServiceKit

/// Dispatch's event and timer handlers of the merchant's response (``MerchantResponse``), each in the
/// transaction of the inbox record or the timer's completion.
enum MerchantResponseEvents {
    /// `case.registered`: queue the case, schedule its deadline and tell Intake. The merchant's own
    /// acknowledge deadline, when it has one, replaces the deployment's; a suspended merchant receives
    /// nothing new — the case waits in the routing queue (rules.md §2(b) step 7: find another merchant).
    static func queue(_ event: CaseRegistered, hours: Int, context: EventContext) async throws {
        // No merchant known (CM-06: no label, the scan finds none): the case waits for routing.
        guard let merchantID = event.merchantID else {
            try await DispatchCaseStore().holdForRouting(
                event.caseID,
                merchant: nil,
                reason: "no_merchant",
                tenant: context.tenant,
                now: context.now,
                on: context.connection,
                logger: context.logger
            )
            return
        }
        let merchant = try await MerchantStore().find(merchantID, tenant: context.tenant, on: context.connection, logger: context.logger)
        if merchant?.status == .suspended {
            try await DispatchCaseStore().holdForRouting(
                event.caseID,
                merchant: merchantID,
                reason: "merchant_suspended",
                tenant: context.tenant,
                now: context.now,
                on: context.connection,
                logger: context.logger
            )
            return
        }
        let responseHours = merchant?.registration.responseDeadlines.acknowledgeHours ?? hours
        let record = DispatchCase.queued(event.caseID, merchant: merchantID, at: context.now, responseHours: responseHours)
        let deadline = try context.timers.entry(
            MerchantResponse.timerKind,
            subject: MerchantResponse.subject(record.caseID),
            dueAt: record.respondBy,
            payload: record.fields,
            tenant: context.tenant,
            now: context.now
        )
        let queued = try context.outbox.entry(
            CaseQueuedForMerchant(record.fields),
            subjectID: record.caseID.wire,
            tenant: context.tenant,
            now: context.now
        )
        // The case, its deadline and the event telling Intake: one statement, none of them for a case queued already.
        _ = try await DispatchCaseStore().queue(
            record,
            deadline: deadline,
            announcing: queued,
            tenant: context.tenant,
            on: context.connection,
            logger: context.logger
        )
    }

    /// `case.cancelled`: the case leaves the merchant's queue (its deadline cancelled with it) or the routing
    /// queue; a redelivery changes nothing.
    static func withdraw(_ event: CaseCancelled, context: EventContext) async throws {
        let store = DispatchCaseStore()
        try await store.release(event.caseID, tenant: context.tenant, on: context.connection, logger: context.logger)
        guard var record = try await store.lock(event.caseID, merchant: nil, tenant: context.tenant, on: context.connection, logger: context.logger),
            record.withdraw()
        else { return }
        try await store.update(record, tenant: context.tenant, on: context.connection, logger: context.logger)
        _ = try await context.timers.cancel(
            MerchantResponse.timerKind,
            subject: MerchantResponse.subject(event.caseID),
            tenant: context.tenant,
            on: context.connection,
            logger: context.logger
        )
    }

    /// The deadline passed: an unacknowledged case becomes overdue and Intake is told.
    static func deadlinePassed(_ timer: FiredTimer, context: EventContext) async throws {
        let fields = try timer.payload(as: MerchantCaseFields.self)
        let store = DispatchCaseStore()
        guard var record = try await store.lock(fields.caseID, merchant: nil, tenant: context.tenant, on: context.connection, logger: context.logger),
            record.deadlinePassed()
        else { return }
        try await store.update(record, tenant: context.tenant, on: context.connection, logger: context.logger)
        try await context.outbox.append(
            MerchantResponseOverdue(record.fields),
            subjectID: record.caseID.wire,
            tenant: context.tenant,
            now: context.now,
            on: context.connection,
            logger: context.logger
        )
    }
}
