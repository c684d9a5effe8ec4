import DispatchAPI
import Foundation
import Models
import ServiceKit

extension Components.Schemas.DispatchCase {
    /// A case at Dispatch as the contract shows it.
    init(_ record: DispatchCase) {
        self.init(
            caseId: record.caseID.wire,
            merchantId: record.merchantID?.wire,
            status: record.status,
            routingReason: record.routingReason.flatMap { Components.Schemas.RoutingReason(rawValue: $0.rawValue) },
            queuedAt: record.queuedAt,
            respondBy: record.respondBy,
            acknowledgedAt: record.acknowledgedAt,
            dueAt: record.dueAt,
            chaseCount: Int64(record.chaseCount),
            escalated: record.escalated,
            requestedResolution: record.requestedResolution,
            judgementStatus: record.judgement.flatMap { JudgementStatusPayload(rawValue: $0.status.rawValue) },
            inspection: record.inspection.map {
                Components.Schemas.Inspection(
                    outcome: $0.outcome,
                    findings: $0.findings,
                    establishedFacts: $0.establishedFacts.isEmpty ? nil : $0.establishedFacts,
                    inspectedAt: $0.inspectedAt
                )
            },
            proposal: record.proposal.map {
                Components.Schemas.Proposal(
                    resolution: $0.resolution,
                    rejectionReason: $0.rejectionReason,
                    outOfStockUntil: $0.outOfStockUntil?.description,
                    note: $0.note,
                    proposedAt: $0.proposedAt,
                    answerBy: $0.answerBy,
                    automatic: $0.automatic
                )
            },
            agreement: record.agreement.map {
                Components.Schemas.Agreement(resolution: $0.resolution, carriedOutBy: $0.carriedOutBy, agreedAt: $0.agreedAt)
            },
            itemReturn: record.itemReturn.map {
                Components.Schemas.ItemReturn(method: $0.method, trackingNumber: $0.trackingNumber, carrier: $0.carrier, at: $0.at)
            }
        )
    }
}

extension Components.Schemas.DispatcherTask {
    init(_ task: DispatcherTask) {
        self.init(
            taskId: task.id.wire,
            caseId: task.caseID.wire,
            merchantId: task.merchantID?.wire,
            kind: task.kind,
            note: task.note,
            createdAt: task.createdAt,
            doneAt: task.doneAt,
            outcome: task.outcome
        )
    }
}

extension Components.Schemas.Escalation {
    init(_ escalation: Escalation, now: Date) {
        self.init(
            escalationId: escalation.id.wire,
            caseId: escalation.caseID.wire,
            merchantId: escalation.merchantID?.wire,
            reason: escalation.reason,
            trigger: Components.Schemas.EscalationTrigger(rawValue: escalation.trigger.rawValue)!,
            status: escalation.status,
            openedAt: escalation.openedAt,
            dueAt: escalation.dueAt,
            ageHours: Int64(escalation.ageHours(at: now)),
            overdue: escalation.isOverdue(at: now),
            contacts: escalation.contacts.map {
                Components.Schemas.EscalationContact(
                    party: Components.Schemas.EscalationParty(rawValue: $0.party.rawValue)!,
                    channel: Components.Schemas.ContactChannel(rawValue: $0.channel.rawValue)!,
                    note: $0.note,
                    at: $0.at,
                    recordedBy: $0.recordedBy
                )
            },
            outcome: escalation.outcome.flatMap { Components.Schemas.EscalationOutcome(rawValue: $0.rawValue) },
            resolution: escalation.resolution,
            carriedOutBy: escalation.carriedOutBy,
            note: escalation.note,
            closedAt: escalation.closedAt
        )
    }
}

extension Components.Schemas.MerchantScorecard {
    init(_ card: MerchantScorecard) {
        func percentiles(_ p: MerchantScorecard.Percentiles) -> Components.Schemas.Percentiles {
            .init(p50: p.p50.map(Int64.init), p90: p.p90.map(Int64.init))
        }
        self.init(
            merchantId: card.merchantID.wire,
            casesQueued: Int64(card.casesQueued),
            acknowledged: Int64(card.acknowledged),
            acknowledgementSeconds: percentiles(card.acknowledgementSeconds),
            resolutionSeconds: percentiles(card.resolutionSeconds),
            overdue: Int64(card.overdue),
            chases: Int64(card.chases),
            escalated: Int64(card.escalated),
            handedBack: Int64(card.handedBack),
            outcomes: card.outcomes.sorted { $0.key.rawValue < $1.key.rawValue }.map { .init(resolution: $0.key, cases: Int64($0.value)) }
        )
    }
}

extension Components.Schemas.RunSheet {
    /// The run sheet as JSON, with the same sheet as CSV.
    init(_ run: DispatchRun, now: Date) {
        let summary = run.summary(at: now)
        self.init(
            runId: run.id.wire,
            runDate: run.runDate.description,
            region: run.region,
            runner: run.runner,
            createdAt: run.createdAt,
            items: run.items.map { item in
                Components.Schemas.RunSheetItem(
                    caseId: item.caseID.wire,
                    merchantId: item.merchantID.wire,
                    merchantName: item.merchantName,
                    leg: Components.Schemas.RunLeg(rawValue: item.leg.rawValue)!,
                    status: Components.Schemas.RunLegStatus(rawValue: item.status.rawValue)!,
                    trackingNumber: item.trackingNumber,
                    dueAt: item.dueAt,
                    outAt: item.outAt,
                    deliveredAt: item.deliveredAt,
                    overdue: item.isOverdue(at: now)
                )
            },
            summary: .init(
                items: Int64(run.items.count),
                planned: Int64(summary.planned),
                out: Int64(summary.out),
                delivered: Int64(summary.delivered),
                overdue: Int64(summary.overdue)
            ),
            csv: run.csv(at: now)
        )
    }
}
