import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// A complaint's life (rules.md §2(h)): registered with its 2-hour first-response timer (T-35) and its
/// 2-day escalation timer (T-30); answered — the first answer decides the SLA, a promised next reply time
/// starts its own timer (T-37) —; closed with the outcome and whether the customer was satisfied.
struct ComplaintDesk {
    enum TimerKind: String, CaseIterable {
        case firstResponse = "care.complaint_first_response"
        case escalation = "care.complaint_escalation"
        case replyDue = "care.complaint_reply_due"
    }

    let store = ComplaintStore()
    let timers = Timers()

    static func subject(_ id: UUID) -> EventSubject { EventSubject(kind: "complaint", id: id.wire) }

    static let closed = ErrorBody(
        code: .failedPrecondition,
        message: "the complaint is closed",
        details: [FieldViolation(field: "complaintId", reason: "is closed")]
    )

    /// The complaint locked for an answer or its closing, after cancelling the timers that change ends
    /// (`cancelling`). In that order: a worker firing one of them holds its timer row and then waits for
    /// the complaint — taking the complaint first and a timer second deadlocked against it. A refused
    /// change rolls the cancellations back with it. Nil when the tenant has no such complaint.
    func locked(
        _ id: UUID,
        cancelling kinds: [TimerKind],
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Complaint? {
        for kind in kinds {
            try await timers.cancel(kind.rawValue, subject: Self.subject(id), tenant: tenant, on: connection, logger: logger)
        }
        return try await store.find(id, tenant: tenant, forUpdate: true, on: connection, logger: logger)
    }

    /// Records `complaint` and starts its timers.
    func register(_ complaint: Complaint, tenant: TenantID, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await store.insert(complaint, tenant: tenant, on: connection, logger: logger)
        for (kind, due) in [(TimerKind.firstResponse, complaint.firstResponseDue), (.escalation, complaint.escalationDue)] {
            try await timers.schedule(
                kind.rawValue,
                subject: Self.subject(complaint.id),
                dueAt: due,
                payload: ["complaintId": complaint.id.wire],
                tenant: tenant,
                now: now,
                on: connection,
                logger: logger
            )
        }
    }

    /// An answer to the customer (the complaint ``locked(_:cancelling:tenant:on:logger:)`` with the
    /// first-response and reply timers): the first one settles the SLA; `promisedReplyAt` (after now) is the
    /// next reply the customer was promised.
    func respond(
        _ complaint: inout Complaint,
        reply: String,
        promisedReplyAt: Date?,
        by: String,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard complaint.status != .closed else { throw Self.closed }
        if complaint.firstRespondedAt == nil { complaint.firstRespondedAt = now }
        complaint.promisedReplyAt = promisedReplyAt
        if let promisedReplyAt {
            if complaint.status == .open { complaint.status = .awaitingReply }
            try await timers.schedule(
                TimerKind.replyDue.rawValue,
                subject: Self.subject(complaint.id),
                dueAt: promisedReplyAt,
                payload: ["complaintId": complaint.id.wire],
                tenant: tenant,
                now: now,
                on: connection,
                logger: logger
            )
        } else if complaint.status == .awaitingReply {
            complaint.status = .open
        }
        try await store.update(complaint, tenant: tenant, on: connection, logger: logger)
        let step = ComplaintStep(step: "replied", at: now, by: by, note: reply, promisedReplyAt: promisedReplyAt)
        try await store.addStep(step, to: complaint.id, tenant: tenant, on: connection, logger: logger)
        complaint.steps.append(step)
    }

    /// Closes the complaint (``locked(_:cancelling:tenant:on:logger:)`` with every timer): the result told,
    /// the customer's satisfaction recorded.
    func close(
        _ complaint: inout Complaint,
        outcome: String,
        satisfied: Bool,
        by: String,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard complaint.status != .closed else { throw Self.closed }
        complaint.status = .closed
        complaint.outcome = outcome
        complaint.customerSatisfied = satisfied
        complaint.closedAt = now
        if complaint.firstRespondedAt == nil { complaint.firstRespondedAt = now }
        try await store.update(complaint, tenant: tenant, on: connection, logger: logger)
        let step = ComplaintStep(step: "closed", at: now, by: by, note: outcome)
        try await store.addStep(step, to: complaint.id, tenant: tenant, on: connection, logger: logger)
        complaint.steps.append(step)
    }

    /// The timers: at 2 h with no answer the SLA is breached; at 2 days unresolved the complaint goes to the
    /// supervisor; at a promised reply time with no reply since, the reply is overdue.
    static func keep(on handlers: inout TimerHandlers) {
        let desk = ComplaintDesk()
        for kind in TimerKind.allCases {
            handlers.on(kind.rawValue) { timer, context in
                let payload = try timer.payload(as: [String: String].self)
                guard let id = payload["complaintId"].flatMap(UUID.init(uuidString:)),
                    var complaint = try await desk.store.find(
                        id,
                        tenant: context.tenant,
                        forUpdate: true,
                        on: context.connection,
                        logger: context.logger
                    ),
                    complaint.status != .closed
                else { return }
                let step: String
                switch kind {
                case .firstResponse:
                    guard complaint.firstRespondedAt == nil else { return }
                    complaint.slaBreachedAt = context.now
                    step = "first_response_overdue"
                case .escalation:
                    complaint.status = .escalated
                    complaint.escalatedAt = context.now
                    step = "escalated"
                case .replyDue:
                    guard complaint.promisedReplyAt == timer.dueAt else { return }
                    complaint.replyOverdueAt = context.now
                    step = "reply_overdue"
                }
                try await desk.store.update(complaint, tenant: context.tenant, on: context.connection, logger: context.logger)
                try await desk.store.addStep(
                    ComplaintStep(step: step, at: context.now, by: "system"),
                    to: id,
                    tenant: context.tenant,
                    on: context.connection,
                    logger: context.logger
                )
                context.logger.info("complaint timer", metadata: ["complaint.id": "\(id.wire)", "step": "\(step)"])
            }
        }
    }
}

extension Complaint {
    /// A complaint as it is received: `open`, its first response due in 2 hours, escalation in 2 days.
    static func received(
        caseID: UUID?,
        channel: ComplaintChannel,
        customerName: String,
        customerPhone: String,
        category: String,
        urgency: ComplaintUrgency,
        summary: String,
        owner: String?,
        by: String,
        at now: Date
    ) -> Complaint {
        Complaint(
            id: .v7(),
            caseID: caseID,
            channel: channel,
            customerName: customerName,
            customerPhone: customerPhone,
            category: category,
            urgency: urgency,
            summary: summary,
            owner: owner,
            status: .open,
            receivedAt: now,
            receivedBy: by,
            firstResponseDue: ComplaintRules.firstResponseDue(receivedAt: now),
            escalationDue: ComplaintRules.escalationDue(receivedAt: now),
            steps: [ComplaintStep(step: "received", at: now, by: by)]
        )
    }
}
