import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Writes a step of a return request in the transaction of the request, event or timer that took it: the
/// request with its version moved on and the step in its history, the deadline its new status opens (the
/// stamped policy's timer on the tenant's calendar, ``ReturnDeadlines``) with the old one cancelled,
/// `returns.request_changed`, and `refund.approved` — with the refund's ledger entries and payout — when the
/// step decided the refund.
struct RequestWriter {
    let connection: PostgresConnection
    let tenant: TenantID
    let now: Date
    let logger: Logger
    let outbox: Outbox
    let timers = Timers()

    static let timerKind = "returns.deadline"

    /// What a deadline timer carries: the request, the status it was set in and the policy's rule. Entering a
    /// status cancels the timer before it, so a timer that fires belongs to the request's current clock; its
    /// trigger is checked again under the request's lock (a declined offer keeps the rejection's clock).
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

    /// A new request: written with its first step, its deadline and its event; false (nothing written) when
    /// the case already has an open request.
    func open(_ request: inout ReturnRequest, step: String, actor: String, timers rules: [TimerRule]) async throws -> Bool {
        request.history = [ReturnStep(step: step, from: nil, to: request.status, actor: actor, note: nil, at: now)]
        let planned = try await plan(request, entered: now, timers: rules)
        request.deadline = planned.map { RunningDeadline(name: $0.rule.name, ruleIds: $0.rule.ruleIds, dueAt: $0.dueAt) }
        guard try await ReturnRequestStore().insert(request, tenant: tenant, on: connection, logger: logger) else { return false }
        try await schedule(planned, for: request)
        try await announce(request, step: step, actor: actor, enteredNewStatus: true)
        return true
    }

    /// Saves `request` after `step` (its status already moved, or not): version and history, deadline, events.
    /// A request entering a status gets that status's deadline — except a declined offer, which goes back to
    /// the rejection whose 7 days (T-03) are already running: those keep running.
    func save(
        _ request: inout ReturnRequest,
        from previous: ReturnRequestStatus,
        step: String,
        actor: String,
        note: String? = nil,
        timers rules: [TimerRule]
    ) async throws {
        let sameClock =
            ReturnDeadlines.trigger(of: previous) != nil && ReturnDeadlines.trigger(of: previous) == ReturnDeadlines.trigger(of: request.status)
        let entered = (request.status != previous && !sameClock) || step == ReturnSteps.resubmitted
        request.version += 1
        request.updatedAt = now
        request.history.append(ReturnStep(step: step, from: previous, to: request.status, actor: actor, note: note, at: now))
        if entered { request.statusEnteredAt = now }
        // The running clock is set again either way: the step's caller released the request's timer before it
        // locked the request (``releaseTimers(of:)``; a firing timer is the one it runs).
        let planned = try await plan(request, entered: request.statusEnteredAt, timers: rules)
        request.deadline = planned.map { RunningDeadline(name: $0.rule.name, ruleIds: $0.rule.ruleIds, dueAt: $0.dueAt) }
        try await schedule(planned, for: request)
        try await ReturnRequestStore().update(request, tenant: tenant, on: connection, logger: logger)
        try await announce(request, step: step, actor: actor, enteredNewStatus: request.status != previous)
    }

    /// Cancels the request's pending deadline. Every step but a timer's calls it before it locks the request
    /// (``save`` then sets the clock again): the timer worker holds a firing timer's row and then locks the
    /// request, so taking the timers first keeps one lock order (no deadlock at the deadline's instant).
    func releaseTimers(of id: UUID) async throws {
        let subject = EventSubject(kind: "return_request", id: id.wire)
        _ = try await timers.cancel(Self.timerKind, subject: subject, tenant: tenant, on: connection, logger: logger)
    }

    /// The deadline of the request's status, entered at `entered`, as the stamped policy says, on the tenant's
    /// calendar.
    private func plan(_ request: ReturnRequest, entered: Date, timers rules: [TimerRule]) async throws -> (rule: TimerRule, dueAt: Date)? {
        let calendar = try await TenantCalendars.calendar(of: tenant, on: connection, logger: logger)
        return ReturnDeadlines.deadline(status: request.status, type: request.application.type, entered: entered, timers: rules, calendar: calendar)
    }

    private func schedule(_ planned: (rule: TimerRule, dueAt: Date)?, for request: ReturnRequest) async throws {
        guard let (rule, dueAt) = planned else { return }
        _ = try await timers.schedule(
            Self.timerKind,
            subject: EventSubject(kind: "return_request", id: request.id.wire),
            dueAt: dueAt,
            payload: TimerPayload(id: request.id.wire, status: request.status, rule: rule),
            tenant: tenant,
            now: now,
            on: connection,
            logger: logger
        )
    }

    /// The step's events; a refund just decided is also written to the ledger with its payout (wherever the
    /// request entered `refund_approved`: a step, a timer, or opened approved from the merchant's agreement).
    private func announce(_ request: ReturnRequest, step: String, actor: String, enteredNewStatus: Bool) async throws {
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
        let known = try await CaseDirectoryStore().find(a.caseID, tenant: tenant, on: connection, logger: logger)
        try await RefundBooks.refundApproved(request, known: known, actor: actor, writer: self)
        logger.info("refund approved", metadata: ["return_request.id": "\(request.id.wire)", "decided_by": "\(refund.decidedBy.rawValue)"])
    }
}
