public import Foundation
public import Models

/// A return request as the customer's side files it, checked. Pure.
public struct ReturnApplication: Sendable, Equatable {
    public var caseID: UUID
    public var merchantID: UUID
    public var type: ReturnType
    public var amount: Money
    public var reason: String
    public var evidence: [EvidenceReference]

    public init(caseID: UUID, merchantID: UUID, type: ReturnType, amount: Money, reason: String, evidence: [EvidenceReference] = []) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.type = type
        self.amount = amount
        self.reason = reason
        self.evidence = evidence
    }

    /// The request's fields as received.
    public struct Draft: Sendable {
        public var caseID: String
        public var merchantID: String
        public var type: ReturnType
        public var amount: Money
        public var reason: String
        public var evidence: [EvidenceReference]

        public init(
            caseID: String,
            merchantID: String,
            type: ReturnType,
            amount: Money,
            reason: String,
            evidence: [EvidenceReference] = []
        ) {
            self.caseID = caseID
            self.merchantID = merchantID
            self.type = type
            self.amount = amount
            self.reason = reason
            self.evidence = evidence
        }
    }

    /// The largest amount one request may carry: ¥10,000,000.00.
    public static let maxAmountMinor: Int64 = 1_000_000_000

    /// - Returns: the application, or every field at fault. A refund pays something back, so its amount
    ///   is above zero; an exchange's amount is the price difference owed, which may be zero.
    public static func validate(_ draft: Draft) -> Result<ReturnApplication, ErrorBody> {
        var checks = FieldChecks()
        let caseID = checks.uuid(draft.caseID, "caseId")
        let merchantID = checks.uuid(draft.merchantID, "merchantId")
        let lowest: Int64 = draft.type.refundsMoney ? 1 : 0
        let amount = checks.money(draft.amount, "amount", range: lowest...maxAmountMinor)
        let reason = checks.text(draft.reason, "reason", max: 2000)
        let evidence = checks.evidence(draft.evidence)
        if let error = checks.error { return .failure(error) }
        guard let caseID, let merchantID else { return .failure(.invalidArgument([])) }
        return .success(
            ReturnApplication(caseID: caseID, merchantID: merchantID, type: draft.type, amount: amount, reason: reason, evidence: evidence)
        )
    }

    /// The customer's edit before resubmitting (PDD-07: edit and resubmit): a new amount, reason or evidence,
    /// each kept when absent; the case, merchant and type stay.
    public func edited(amount: Money?, reason: String?, evidence: [EvidenceReference]?) -> Result<ReturnApplication, ErrorBody> {
        var checks = FieldChecks()
        var next = self
        if let amount { next.amount = checks.money(amount, "amount", range: (type.refundsMoney ? 1 : 0)...Self.maxAmountMinor) }
        if let reason { next.reason = checks.text(reason, "reason", max: 2000) }
        if let evidence { next.evidence = checks.evidence(evidence) }
        if let error = checks.error { return .failure(error) }
        return .success(next)
    }
}
