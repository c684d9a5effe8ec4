import Foundation
import Models
import NotificationsAPI

// Customer care's records as the contract shows them.

extension RawRepresentable where RawValue == String {
    /// The contract's case of the same name: the contract lists exactly the domain's cases.
    func wire<W: RawRepresentable>(_: W.Type = W.self) -> W where W.RawValue == String {
        guard let value = W(rawValue: rawValue) else { preconditionFailure("the contract lacks \(rawValue)") }
        return value
    }
}

extension Components.Schemas.CareSettings {
    init(_ settings: CareSettings) {
        self.init(
            quietHours: settings.quietHours,
            followUp: settings.followUp,
            defaultLanguage: settings.defaultLanguage,
            updatedAt: settings.updatedAt
        )
    }
}

extension Components.Schemas.MessageTemplate {
    /// `tenantSince`: when the tenant saved its own; nil for the platform's wording.
    init(_ template: MessageTemplate, tenantSince: Date?) {
        self.init(
            notice: template.notice,
            language: template.language,
            body: template.body,
            variables: template.notice.variables,
            source: tenantSince == nil ? .standard : .tenant,
            updatedAt: tenantSince
        )
    }
}

extension Components.Schemas.ContactPreferences {
    init(_ preferences: ContactPreferences) {
        self.init(
            phone: preferences.phone,
            language: preferences.language,
            channel: preferences.channel,
            email: preferences.email,
            quietHours: preferences.quietHours,
            updatedAt: preferences.updatedAt
        )
    }
}

extension Components.Schemas.CustomerMessage {
    init(_ message: CustomerMessage) {
        self.init(
            customerMessageId: message.id.wireText,
            caseId: message.caseID?.wireText,
            notice: message.notice,
            channel: message.channel,
            recipient: message.recipient,
            language: message.language,
            body: message.body,
            status: message.status.wire(),
            dueAt: message.dueAt,
            sendAt: message.sendAt,
            sentAt: message.sentAt,
            providerReference: message.providerReference,
            failure: message.failure,
            createdAt: message.createdAt
        )
    }
}

extension Components.Schemas.FollowUpTask {
    init(_ task: FollowUpTask, now: Date) {
        self.init(
            followUpTaskId: task.id.wireText,
            caseId: task.caseID.wireText,
            repairOrderId: task.repairOrderID?.wireText,
            sequence: Int64(task.sequence),
            opensAt: task.opensAt,
            dueBy: task.dueBy,
            status: task.status.wire(),
            assignee: task.assignee,
            due: task.status == .open && task.opensAt <= now,
            overdue: task.status == .open && task.dueBy < now,
            createdAt: task.createdAt,
            doneAt: task.doneAt
        )
    }
}

extension Components.Schemas.FollowUpCall {
    init(_ call: FollowUpCall) {
        self.init(
            followUpCallId: call.id.wireText,
            followUpTaskId: call.taskID.wireText,
            calledAt: call.calledAt,
            agent: call.agent,
            outcome: call.outcome.wire(),
            notes: call.notes,
            complaintId: call.complaintID?.wireText,
            nextContactAt: call.nextContactAt
        )
    }
}

extension Components.Schemas.Complaint {
    init(_ c: Complaint, now: Date) {
        self.init(
            complaintId: c.id.wireText,
            caseId: c.caseID?.wireText,
            channel: c.channel.wire(),
            customerName: c.customerName,
            customerPhone: c.customerPhone,
            category: c.category,
            urgency: c.urgency.wire(),
            summary: c.summary,
            owner: c.owner,
            status: c.status.wire(),
            receivedAt: c.receivedAt,
            firstResponseDueAt: c.firstResponseDue,
            firstRespondedAt: c.firstRespondedAt,
            firstResponseMet: c.firstResponseMet(now: now),
            slaBreachedAt: c.slaBreachedAt,
            promisedReplyAt: c.promisedReplyAt,
            replyOverdueAt: c.replyOverdueAt,
            escalationDueAt: c.escalationDue,
            escalatedAt: c.escalatedAt,
            outcome: c.outcome,
            customerSatisfied: c.customerSatisfied,
            closedAt: c.closedAt,
            steps: c.steps.map { .init(step: $0.step, at: $0.at, by: $0.by, note: $0.note, promisedReplyAt: $0.promisedReplyAt) }
        )
    }
}

extension Components.Schemas.ComplaintSlaPeriod {
    init(_ p: ComplaintStore.Period) {
        let settled = p.met + p.missed
        self.init(
            periodStart: p.start,
            received: Int64(p.received),
            met: Int64(p.met),
            missed: Int64(p.missed),
            pending: Int64(p.pending),
            escalated: Int64(p.escalated),
            closed: Int64(p.closed),
            customerSatisfied: Int64(p.satisfied),
            complianceBasisPoints: settled == 0 ? nil : Int64(p.met * 10_000 / settled)
        )
    }
}

extension Components.Schemas.Survey {
    init(_ s: SatisfactionSurvey) {
        self.init(
            surveyId: s.id.wireText,
            caseId: s.caseID.wireText,
            merchantId: s.merchantID?.wireText,
            productCategory: s.productCategory,
            sentAt: s.sentAt,
            score: s.score.map(Int64.init),
            comment: s.comment,
            answeredAt: s.answeredAt
        )
    }
}

extension Components.Schemas.SurveyResultGroup {
    init(_ g: SurveyStore.Group) {
        // The average × 100, rounded half up, in integers.
        let average = g.responses == 0 ? nil : Int64((g.scoreSum * 100 * 2 + g.responses) / (g.responses * 2))
        self.init(
            key: g.key,
            sent: Int64(g.sent),
            responses: Int64(g.responses),
            averageScoreHundredths: average,
            scoreCounts: g.counts.map(Int64.init)
        )
    }
}
