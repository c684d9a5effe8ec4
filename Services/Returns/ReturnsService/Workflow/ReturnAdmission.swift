public import Foundation
public import Models

/// A case as Returns knows it from Intake's events (DESIGN §6: read models kept by events).
public struct KnownCase: Sendable, Equatable {
    public var caseID: UUID
    /// Nil while the case waits for routing (CM-06).
    public var merchantID: UUID?
    public var pricePaid: Money?
    /// The stamped judgement, as revised.
    public var judgement: CaseJudgement?
    public var cancelled: Bool
    /// The order the case is about (LG-14 counts returns and exchanges per order); nil on cases known
    /// before the ledger.
    public var orderNumber: String? = nil

    public init(caseID: UUID, merchantID: UUID?, pricePaid: Money?, judgement: CaseJudgement?, cancelled: Bool) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.pricePaid = pricePaid
        self.judgement = judgement
        self.cancelled = cancelled
    }
}

/// Whether a request filed by the customer's side may be opened on its case, and where it starts. Pure.
public enum ReturnAdmission {
    /// - Parameter merchantKnown: the merchant is in Returns' read model of Dispatch's merchants.
    /// - Returns: the status it starts in — `requested`, or `in_platform_review` when the stamped policy says
    ///   the platform decides (PDD-04) — or failed_precondition naming the field at fault.
    public static func admit(
        _ application: ReturnApplication,
        to known: KnownCase?,
        merchantKnown: Bool,
        at now: Date
    ) -> Result<ReturnRequestStatus, ErrorBody> {
        guard let known else {
            return .failure(.failedPrecondition("caseId", "is not a case Returns knows (registered at Intake, its event not yet here?)"))
        }
        guard !known.cancelled else { return .failure(.failedPrecondition("caseId", "was cancelled")) }
        guard merchantKnown else { return .failure(.failedPrecondition("merchantId", "is not a merchant Returns knows")) }
        // A request is answered by the case's merchant; a case still waiting for routing has none yet (CM-06).
        guard let merchant = known.merchantID else {
            return .failure(.failedPrecondition("caseId", "has no merchant yet: it waits for routing at Dispatch"))
        }
        if merchant != application.merchantID {
            return .failure(.failedPrecondition("merchantId", "is not the case's merchant (\(merchant.wireText))"))
        }
        let resolution = ReturnDeadlines.resolution(of: application.type)
        // B-26, T-06, …: what the stamped policy refuses is refused; the request is the customer's claim of it.
        if let refusal = known.judgement?.refusal(of: resolution) {
            let why = (refusal.codes + refusal.ruleIds.map { "rule \($0)" }).joined(separator: ", ")
            return .failure(.failedPrecondition("type", "the case's policy refuses \(resolution.rawValue)\(why.isEmpty ? "" : ": \(why)")"))
        }
        if let problem = known.judgement?.windowProblem(for: resolution, at: now) { return .failure(.failedPrecondition("type", problem)) }
        if let problem = amountProblem(application, known: known) { return .failure(problem) }
        let platform = known.judgement?.platformHandled?.contains(resolution) ?? false
        return .success(ReturnRequestLife.start(application.type, agreedByMerchant: false, orderShipped: !platform))
    }

    /// The amount against what the case allows: the currency of the price paid, at most the ceiling.
    public static func amountProblem(_ application: ReturnApplication, known: KnownCase) -> ErrorBody? {
        guard let ceiling = RefundDecision.ceiling(for: application.type, pricePaid: known.pricePaid, judgement: known.judgement) else {
            return nil
        }
        if application.amount.currency != ceiling.currency {
            return .failedPrecondition("amount.currency", "must be \(ceiling.currency), the currency the case was paid in")
        }
        if application.amount.amountMinor > ceiling.amountMinor {
            return .failedPrecondition(
                "amount.amountMinor",
                "must be at most \(ceiling.amountMinor), what the case allows (the price paid, or the policy's payout where it is more)"
            )
        }
        return nil
    }
}
