import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// What every handshake step writes, in the transaction of the request, the event or the timer that made
/// it: the case with its deadline timer kept in step (one pending timer per case, at `dueAt`, while the
/// merchant is being waited on), the events, the dispatcher's tasks and escalations with their SLA timer.
struct HandshakeWriter {
    /// The merchant's step deadline (`dueAt`); the payload names the case.
    static let deadlineKind = MerchantResponse.timerKind
    /// An escalation's SLA; the payload names the escalation.
    static let escalationKind = "dispatch.escalation_due"

    struct DeadlinePayload: Codable { let caseId: String }
    struct EscalationPayload: Codable { let escalationId: String }

    let connection: PostgresConnection
    let tenant: TenantID
    let now: Date
    let outbox: Outbox
    let timers: Timers
    let logger: Logger
    let cases = DispatchCaseStore()

    init(_ context: EventContext) {
        self.init(
            connection: context.connection,
            tenant: context.tenant,
            now: context.now,
            outbox: context.outbox,
            timers: context.timers,
            logger: context.logger
        )
    }

    init(_ environment: ServiceEnvironment, _ caller: TenantCaller, _ connection: PostgresConnection, now: Date) {
        self.init(
            connection: connection,
            tenant: caller.tenant,
            now: now,
            outbox: environment.outbox,
            timers: environment.timers,
            logger: caller.logger
        )
    }

    init(connection: PostgresConnection, tenant: TenantID, now: Date, outbox: Outbox, timers: Timers, logger: Logger) {
        self.connection = connection
        self.tenant = tenant
        self.now = now
        self.outbox = outbox
        self.timers = timers
        self.logger = logger
    }

    /// Saves the case and moves its deadline timer to `dueAt` (or cancels it).
    func save(_ record: DispatchCase) async throws {
        try await cases.save(record, tenant: tenant, on: connection, logger: logger)
        let subject = MerchantResponse.subject(record.caseID)
        try await timers.cancel(Self.deadlineKind, subject: subject, tenant: tenant, on: connection, logger: logger)
        if record.isChased, let dueAt = record.dueAt {
            try await timers.schedule(
                Self.deadlineKind,
                subject: subject,
                dueAt: dueAt,
                payload: DeadlinePayload(caseId: record.caseID.wire),
                tenant: tenant,
                now: now,
                on: connection,
                logger: logger
            )
        }
    }

    func emit<P: EventPayload>(_ payload: P, about caseID: UUID) async throws {
        try await outbox.append(payload, subjectID: caseID.wire, tenant: tenant, now: now, on: connection, logger: logger)
    }

    /// A task for the dispatcher about the case.
    func task(_ kind: DispatcherTask.Kind, for record: DispatchCase, note: String) async throws {
        let task = DispatcherTask(id: .v7(), caseID: record.caseID, merchantID: record.merchantID, kind: kind, note: note, createdAt: now)
        try await DispatcherTaskStore().insert(task, tenant: tenant, on: connection, logger: logger)
    }

    /// Opens an escalation of the (already escalated) case with its SLA timer, and tells Intake.
    func openEscalation(_ record: DispatchCase, reason: String, trigger: Escalation.Trigger, hours: Int) async throws -> Escalation {
        try await openEscalation(record, reason: reason, trigger: trigger, due: now.addingTimeInterval(TimeInterval(hours) * 3600))
    }

    /// Opens an escalation due at `due` (a dead-on-arrival report: the end of the tenant's day).
    func openEscalation(_ record: DispatchCase, reason: String, trigger: Escalation.Trigger, due: Date) async throws -> Escalation {
        let escalation = Escalation.open(record, reason: reason, trigger: trigger, at: now, due: due)
        try await EscalationStore().insert(escalation, tenant: tenant, on: connection, logger: logger)
        try await timers.schedule(
            Self.escalationKind,
            subject: EventSubject(kind: "escalation", id: escalation.id.wire),
            dueAt: escalation.dueAt,
            payload: EscalationPayload(escalationId: escalation.id.wire),
            tenant: tenant,
            now: now,
            on: connection,
            logger: logger
        )
        if let merchantID = record.merchantID {
            try await emit(
                CaseEscalated(caseID: record.caseID, merchantID: merchantID, reason: reason, dueAt: escalation.dueAt),
                about: record.caseID
            )
        }
        return escalation
    }

    /// The case left its merchant, or was cancelled: the dispatcher's open tasks about it are closed and its
    /// planned run legs taken off their runs.
    func leftTheMerchant(_ caseID: UUID, why outcome: String) async throws {
        try await DispatcherTaskStore().closeOpen(of: caseID, outcome: outcome, at: now, tenant: tenant, on: connection, logger: logger)
        try await DispatchRunStore().unplan(caseID, tenant: tenant, on: connection, logger: logger)
    }

    /// Tells Intake (and partners) that a resolution was agreed, with who carries it out and the stamped
    /// judgement; the refund is the judged one when the agreed resolution is the one the customer asked.
    func agreed(_ record: DispatchCase) async throws {
        guard let agreement = record.agreement, let merchantID = record.merchantID else { return }
        let refund = agreement.resolution == record.judgement?.requestedResolution ? record.judgement?.refundAmount : nil
        try await emit(
            ResolutionAgreed(
                caseID: record.caseID,
                merchantID: merchantID,
                resolution: agreement.resolution,
                refund: refund,
                carriedOutBy: agreement.carriedOutBy,
                judgement: record.judgement
            ),
            about: record.caseID
        )
    }

    /// The merchant deadlines that apply to the case's merchant: the deployment's, or the merchant's own.
    func deadlines(for merchant: UUID?, defaults: HandshakeDeadlines) async throws -> HandshakeDeadlines {
        guard let merchant else { return defaults }
        let found = try await MerchantStore().find(merchant, tenant: tenant, on: connection, logger: logger)
        return defaults.merchant(found?.registration.responseDeadlines)
    }
}
