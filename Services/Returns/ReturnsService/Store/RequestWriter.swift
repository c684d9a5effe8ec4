import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Writes a step of a return request in the transaction of the request, event or timer that took it: the
/// request with its version moved on and the step in its history, the deadline its new status opens (the
/// stamped policy's timer on the tenant's calendar, ``ReturnDeadlines``) with the old one cancelled,
/// `returns.request_changed`, and `refund.approved` when the step decided the refund.
struct RequestWriter {
    let connection: PostgresConnection
    let tenant: TenantID
    let now: Date
    let logger: Logger
    let outbox: Outbox
    let timers = Timers()

    static let timerKind = "returns.deadline"

    /// What a deadline timer carries: the request, the status it runs in and the policy's rule. Entering a
    /// status cancels the timer before it, so a timer that fires belongs to the status the request is in; the
    /// status is checked again under the request's lock.
    struct TimerPayload: Codable, Sendable {
        let id: String
        let status: ReturnRequestStatus
        let rule: TimerRule
    }

    init(_ connection: PostgresConnection, tenant: TenantID, now: Date, logger: Logger, outbox: Outbox) {
        self.connection = connection
        self.tenant = tenant
        self.now = now
        self.logger = logger
        self.outbox = outbox
    }

    init(_ context: EventContext) {
        self.init(context.connection, tenant: context.tenant, now: context.now, logger: context.logger, outbox: context.outbox)
    }

    /// A new request: written with its first step, its deadline and its event; false when the case already
    /// has an open request.
    func open(_ request: inout ReturnRequest, step: String, actor: String, timers rules: [TimerRule]) async throws -> Bool {
        request.history = [ReturnStep(step: step, from: nil, to: request.status, actor: actor, note: nil, at: now)]
        request.deadline = try await deadline(for: request, timers: rules)
        guard try await ReturnRequestStore().insert(request, tenant: tenant, on: connection, logger: logger) else { return false }
        try await announce(request, step: step, enteredNewStatus: true)
        return true
    }

    /// Saves `request` after `step` (its status already moved, or not): version and history, deadline, events.
    func save(
        _ request: inout ReturnRequest,
        from previous: ReturnRequestStatus,
        step: String,
        actor: String,
        note: String? = nil,
        timers rules: [TimerRule]
    ) async throws {
        let entered = request.status != previous || step == ReturnSteps.resubmitted
        request.version += 1
        request.updatedAt = now
        request.history.append(ReturnStep(step: step, from: previous, to: request.status, actor: actor, note: note, at: now))
        if entered {
            request.statusEnteredAt = now
            request.deadline = try await deadline(for: request, timers: rules)
        }
        try await ReturnRequestStore().update(request, tenant: tenant, on: connection, logger: logger)
        try await announce(request, step: step, enteredNewStatus: entered)
    }

    /// The deadline of the request's status as the stamped policy says, its timer replacing any before it.
    private func deadline(for request: ReturnRequest, timers rules: [TimerRule]) async throws -> RunningDeadline? {
        let subject = EventSubject(kind: "return_request", id: request.id.wire)
        _ = try await timers.cancel(Self.timerKind, subject: subject, tenant: tenant, on: connection, logger: logger)
        let calendar = try await TenantCalendars.calendar(of: tenant, on: connection, logger: logger)
        guard
            let (rule, dueAt) = ReturnDeadlines.deadline(
                status: request.status,
                type: request.application.type,
                entered: now,
                timers: rules,
                calendar: calendar
            )
        else { return nil }
        let payload = TimerPayload(id: request.id.wire, status: request.status, rule: rule)
        _ = try await timers.schedule(
            Self.timerKind,
            subject: subject,
            dueAt: dueAt,
            payload: payload,
            tenant: tenant,
            now: now,
            on: connection,
            logger: logger
        )
        return RunningDeadline(name: rule.name, ruleIds: rule.ruleIds, dueAt: dueAt)
    }

    private func announce(_ request: ReturnRequest, step: String, enteredNewStatus: Bool) async throws {
        let a = request.application
        let changed = ReturnRequestChanged(
            returnRequestID: request.id,
            caseID: a.caseID,
            merchantID: a.merchantID,
            type: a.type,
            status: request.status,
            step: step,
            dueAt: request.deadline?.dueAt
        )
        try await outbox.append(changed, subjectID: a.caseID.wire, tenant: tenant, now: now, on: connection, logger: logger)
        guard enteredNewStatus, request.status == .refundApproved, let refund = request.refund else { return }
        let approved = RefundApproved(
            returnRequestID: request.id,
            caseID: a.caseID,
            merchantID: a.merchantID,
            type: a.type,
            requested: refund.requested,
            amount: refund.amount,
            deductions: refund.deductions,
            ruleIds: refund.ruleIds,
            decidedBy: refund.decidedBy,
            withoutReturn: refund.withoutReturn
        )
        try await outbox.append(approved, subjectID: a.caseID.wire, tenant: tenant, now: now, on: connection, logger: logger)
        logger.info("refund approved", metadata: ["return_request.id": "\(request.id.wire)", "decided_by": "\(refund.decidedBy.rawValue)"])
    }
}
