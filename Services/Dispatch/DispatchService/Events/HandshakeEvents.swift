import Foundation
import Models
import ServiceKit

/// Dispatch's event and timer handlers of the handshake, each in the transaction of the inbox record or the
/// timer's completion: a registered case goes to its merchant or the routing queue; a cancelled one is
/// withdrawn; a corrected or revised judgement replaces the stamped one; a merchant's passed deadline is
/// chased and, after the last chase, escalated; an escalation's SLA breach is recorded.
enum HandshakeEvents {
    /// `case.registered`: queue the case for its merchant (the merchant's own acknowledge deadline, when it
    /// has one, replaces the deployment's), or hold it for routing — no merchant named (CM-06), or a
    /// suspended one (rules.md §2(b) step 7: find another merchant).
    static func queue(_ event: CaseRegistered, deadlines: HandshakeDeadlines, context: EventContext) async throws {
        let requested = event.requestedResolution
        let store = DispatchCaseStore()
        guard let merchantID = event.merchantID else {
            let held = DispatchCase.routing(event.caseID, .noMerchant, at: context.now, requested: requested, judgement: event.judgement)
            try await store.hold(held, tenant: context.tenant, on: context.connection, logger: context.logger)
            return
        }
        let merchant = try await MerchantStore().share(merchantID, tenant: context.tenant, on: context.connection, logger: context.logger)
        if merchant?.status == .suspended {
            let held = DispatchCase.routing(event.caseID, .merchantSuspended, at: context.now, requested: requested, judgement: event.judgement)
            try await store.hold(held, tenant: context.tenant, on: context.connection, logger: context.logger)
            return
        }
        let own = deadlines.merchant(merchant?.registration.responseDeadlines)
        let record = DispatchCase.queued(
            event.caseID,
            merchant: merchantID,
            at: context.now,
            deadlines: own,
            handling: merchant?.registration.caseHandling ?? .online,
            requested: requested,
            judgement: event.judgement
        )
        // Carried to the merchant in the morning run: held until the delivery leg starts its clock.
        guard let fields = record.fields, let dueAt = record.dueAt else {
            try await store.hold(record, tenant: context.tenant, on: context.connection, logger: context.logger)
            return
        }
        let deadline = try context.timers.entry(
            HandshakeWriter.deadlineKind,
            subject: MerchantResponse.subject(record.caseID),
            dueAt: dueAt,
            payload: HandshakeWriter.DeadlinePayload(caseId: record.caseID.wire),
            tenant: context.tenant,
            now: context.now
        )
        let queued = try context.outbox.entry(CaseQueuedForMerchant(fields), subjectID: record.caseID.wire, tenant: context.tenant, now: context.now)
        // The case, its deadline, its first assignment and the event telling Intake: one statement, none of
        // them for a case held already.
        _ = try await store.queue(
            record,
            deadline: deadline,
            announcing: queued,
            tenant: context.tenant,
            on: context.connection,
            logger: context.logger
        )
    }

    /// `case.cancelled`: the case is withdrawn — from the routing queue or from its merchant, its deadline
    /// cancelled with it; a redelivery changes nothing.
    static func withdraw(_ event: CaseCancelled, context: EventContext) async throws {
        let writer = HandshakeWriter(context)
        guard
            var record = try await writer.cases.lock(
                event.caseID,
                merchant: nil,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            ),
            record.withdraw()
        else { return }
        try await writer.save(record)
        try await writer.leftTheMerchant(event.caseID, why: "the case was cancelled at Intake")
        if let escalation = try await EscalationStore().withdrawOpen(
            of: event.caseID,
            at: context.now,
            tenant: context.tenant,
            on: context.connection,
            logger: context.logger
        ) {
            try await context.timers.cancel(
                HandshakeWriter.escalationKind,
                subject: EventSubject(kind: "escalation", id: escalation.wire),
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            )
        }
    }

    /// `case.updated`, `case.decision_revised`: the case's judgement (and what the customer asks, with it)
    /// is the one agreement is decided on.
    static func judged(_ caseID: UUID, _ judgement: CaseJudgement?, context: EventContext) async throws {
        guard let judgement else { return }
        let store = DispatchCaseStore()
        guard var record = try await store.lock(caseID, merchant: nil, tenant: context.tenant, on: context.connection, logger: context.logger) else {
            return
        }
        record.judgement = judgement
        record.requestedResolution = judgement.requestedResolution
        try await store.save(record, tenant: context.tenant, on: context.connection, logger: context.logger)
    }

    /// A merchant deadline passed: the merchant is chased (a task for the dispatcher and an event; the
    /// first passing of the acknowledgement also marks the case overdue, rules.md §5 T-01/T-02), or — after
    /// the last chase — the case goes to the escalation desk (§2(c) E2). A timer left behind by a step the
    /// merchant took meanwhile does nothing.
    static func deadlinePassed(_ timer: FiredTimer, defaults: HandshakeDeadlines, context: EventContext) async throws {
        let payload = try timer.payload(as: HandshakeWriter.DeadlinePayload.self)
        guard let caseID = UUID(uuidString: payload.caseId) else { return }
        let writer = HandshakeWriter(context)
        guard var record = try await writer.cases.lock(caseID, merchant: nil, tenant: context.tenant, on: context.connection, logger: context.logger)
        else { return }
        let deadlines = try await writer.deadlines(for: record.merchantID, defaults: defaults)
        guard let lapse = record.deadlinePassed(due: timer.dueAt, at: context.now, deadlines: deadlines), let merchantID = record.merchantID else {
            return
        }
        try await writer.save(record)
        switch lapse {
        case .chased(let number, let step, let firstOverdue):
            if firstOverdue, let fields = record.fields { try await writer.emit(MerchantResponseOverdue(fields), about: caseID) }
            try await writer.task(.chaseMerchant, for: record, note: "催办 #\(number): the merchant is late to \(step.rawValue)")
            try await writer.emit(
                CaseChased(caseID: caseID, merchantID: merchantID, step: step, chaseNumber: number, dueAt: record.dueAt ?? context.now),
                about: caseID
            )
        case .escalate(let step):
            let reason = "chased \(deadlines.chasesBeforeEscalation) times, still late to \(step.rawValue)"
            _ = try await writer.openEscalation(record, reason: reason, trigger: .chasedOut, hours: deadlines.escalationHours)
        }
    }

    /// An escalation's SLA passed while it was open: the breach is recorded.
    static func escalationDue(_ timer: FiredTimer, context: EventContext) async throws {
        let payload = try timer.payload(as: HandshakeWriter.EscalationPayload.self)
        guard let id = UUID(uuidString: payload.escalationId) else { return }
        try await EscalationStore().breached(id, at: context.now, tenant: context.tenant, on: context.connection, logger: context.logger)
    }

    /// The merchant was suspended: its open cases (nothing agreed yet) go back to the routing queue, their
    /// deadlines cancelled, each announced.
    static func merchantSuspended(_ merchant: UUID, reason: String, writer: HandshakeWriter) async throws {
        let open = try await writer.cases.lockOpenCases(of: merchant, tenant: writer.tenant, on: writer.connection, logger: writer.logger)
        for var record in open {
            let left = try record.handBack(.merchantSuspended)
            try await writer.save(record)
            try await writer.leftTheMerchant(record.caseID, why: "the merchant was suspended")
            try await writer.cases.endAssignment(
                record.caseID,
                reason: "merchant_suspended",
                at: writer.now,
                tenant: writer.tenant,
                on: writer.connection,
                logger: writer.logger
            )
            try await writer.emit(
                CaseHandedBack(caseID: record.caseID, merchantID: left, cause: .merchantSuspended, reason: reason),
                about: record.caseID
            )
        }
    }
}
