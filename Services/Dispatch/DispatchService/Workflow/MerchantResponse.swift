import Foundation
import Logging
import Models
import ServiceKit

/// The merchant's response deadline (rules.md §5 T-01/T-02: 48 h): a case queued for its merchant waits
/// for an acknowledgement; a timer due at the deadline marks it overdue unless the acknowledgement
/// cancelled it in the same transaction.
enum MerchantResponse {
    static let timerKind = "dispatch.merchant_response_due"

    static let responseHours = SettingKey(
        "dispatch.merchant_response_hours", .integer, default: "48",
        "Hours a merchant has to acknowledge a case queued for it (rules.md §5 T-01/T-02) before it is overdue."
    )

    /// `case.registered`: queue the case, schedule its deadline and tell Intake — all in the inbox's transaction.
    static func queue(_ event: CaseRegistered, hours: Int, context: EventContext) async throws {
        let record = DispatchCase(
            caseID: event.caseID, merchantID: event.merchantID, status: .awaitingAcknowledgement, queuedAt: context.now,
            respondBy: context.now.addingTimeInterval(TimeInterval(hours) * 3600), acknowledgedAt: nil
        )
        guard try await DispatchCaseStore().queue(record, tenant: context.tenant, on: context.connection, logger: context.logger) else {
            return
        }
        try await context.timers.schedule(
            timerKind, subject: subject(record.caseID), dueAt: record.respondBy, payload: record.fields, tenant: context.tenant,
            now: context.now, on: context.connection, logger: context.logger
        )
        try await context.outbox.append(
            CaseQueuedForMerchant(record.fields), subjectID: record.caseID.wire, tenant: context.tenant, now: context.now,
            on: context.connection, logger: context.logger
        )
    }

    /// The deadline passed: an unacknowledged case becomes overdue and Intake is told.
    static func deadlinePassed(_ timer: FiredTimer, context: EventContext) async throws {
        let fields = try timer.payload(as: MerchantCaseFields.self)
        let store = DispatchCaseStore()
        guard var record = try await store.lock(fields.caseID, merchant: nil, tenant: context.tenant, on: context.connection, logger: context.logger),
            record.status == .awaitingAcknowledgement
        else { return }
        record.status = .responseOverdue
        try await store.update(record, tenant: context.tenant, on: context.connection, logger: context.logger)
        try await context.outbox.append(
            MerchantResponseOverdue(record.fields), subjectID: record.caseID.wire, tenant: context.tenant, now: context.now,
            on: context.connection, logger: context.logger
        )
    }

    static func subject(_ caseID: UUID) -> EventSubject { EventSubject(kind: "case", id: caseID.wire) }
}
