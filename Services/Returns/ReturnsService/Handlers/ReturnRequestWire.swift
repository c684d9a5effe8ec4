import Foundation
import Models
import ReturnsAPI
import ServiceKit

extension Components.Schemas.ReturnRequest {
    /// A return request as the contract shows it.
    init(_ request: ReturnRequest) {
        let application = request.application
        self.init(
            returnRequestId: request.id.wire,
            caseId: application.caseID.wire,
            merchantId: application.merchantID.wire,
            _type: application.type,
            amount: application.amount,
            reason: application.reason,
            evidence: application.evidence.map(Components.Schemas.Evidence.init),
            status: request.status,
            source: .init(rawValue: request.source.rawValue)!,
            waitingOn: request.waitingOn.flatMap { .init(rawValue: $0.rawValue) },
            dueAt: request.deadline?.dueAt,
            deadline: request.deadline.map { .init(name: $0.name, ruleIds: $0.ruleIds, dueAt: $0.dueAt) },
            rejection: request.rejection.map {
                .init(reason: $0.reason, evidence: $0.evidence.map(Components.Schemas.Evidence.init), rejectedAt: $0.rejectedAt)
            },
            offer: request.offer,
            shipment: request.shipment.map(Components.Schemas.ReturnShipment.init),
            receipt: request.receipt.map { .init(acceptable: $0.acceptable, note: $0.note, confirmedAt: $0.confirmedAt) },
            review: request.review.map(Components.Schemas.PlatformReview.init),
            refund: request.refund.map(Components.Schemas.RefundDecision.init),
            version: Int64(request.version),
            history: request.history.map {
                .init(step: $0.step, from: $0.from, to: $0.to, actor: $0.actor, note: $0.note, at: $0.at)
            },
            createdAt: request.createdAt,
            updatedAt: request.updatedAt
        )
    }
}

extension Components.Schemas.Evidence {
    init(_ evidence: EvidenceReference) {
        self.init(url: evidence.url, sha256: evidence.sha256, caption: evidence.caption)
    }
}

extension EvidenceReference {
    init(_ evidence: Components.Schemas.Evidence) {
        self.init(url: evidence.url, sha256: evidence.sha256, caption: evidence.caption)
    }
}

extension Components.Schemas.PlatformReview {
    init(_ review: PlatformReview) {
        self.init(
            askedReason: review.askedReason,
            askedAt: review.askedAt,
            decision: review.decision.map {
                .init(outcome: .init(rawValue: $0.outcome)!, amount: $0.amount, note: $0.note, decidedBy: $0.decidedBy, decidedAt: $0.decidedAt)
            }
        )
    }
}

extension Components.Schemas.RefundDecision {
    init(_ refund: RefundDecision) {
        self.init(
            requested: refund.requested,
            amount: refund.amount,
            deductions: refund.deductions.map { .init(kind: $0.kind, amount: $0.amount, ruleIds: $0.ruleIds) },
            ruleIds: refund.ruleIds,
            decidedBy: .init(rawValue: refund.decidedBy.rawValue)!,
            withoutReturn: refund.withoutReturn,
            decidedAt: refund.decidedAt
        )
    }
}

extension ReturnApplication.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: Components.Schemas.CreateReturnRequestRequest) {
        self.init(
            caseID: request.caseId,
            merchantID: request.merchantId,
            type: request._type,
            amount: request.amount,
            reason: request.reason,
            evidence: (request.evidence ?? []).map(EvidenceReference.init)
        )
    }
}
