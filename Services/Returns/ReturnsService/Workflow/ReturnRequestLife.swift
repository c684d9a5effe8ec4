public import Models

/// Who may take an action (DESIGN §5): the customer's side (an agent or the storefront), the merchant (its
/// partner API), the platform's arbitrator, or the platform itself (a timer, the refund ledger).
public enum ReturnActor: String, Sendable, Hashable, CaseIterable {
    case customer, merchant, arbitrator, system
}

/// The arbitrator's decision on a request in review (rules.md §3.2).
public enum ReviewDecision: String, Sendable, Hashable, CaseIterable {
    case supportBuyer = "support_buyer"
    case supportMerchant = "support_merchant"
    /// A partial refund: the amount is the arbitrator's.
    case partial
}

/// What happens to a return request (rules.md §2(d) 2d-P, §3.1, §5 T-01 … T-05).
public enum ReturnAction: Sendable, Hashable {
    case merchantApprove
    case merchantReject
    case merchantOfferPartialRefund
    /// The merchant confirmed the returned item's receipt; `acceptable` false disputes its condition.
    case merchantConfirmReceipt(acceptable: Bool)
    /// T-01, T-02: the merchant let 48 h pass.
    case merchantAnswerTimedOut
    /// T-05: the merchant let 7 days pass after the item came back; what follows is the policy's setting —
    /// refunded (the default, inferred) or, with `escalate`, the platform reviews it.
    case merchantReceiptTimedOut(escalate: Bool)
    case customerResubmit
    case customerAskReview
    case customerAcceptOffer
    case customerDeclineOffer
    /// The customer shipped the item back with its tracking number.
    case customerShipReturn
    /// T-03, T-04: the customer let 7 days pass.
    case customerTimedOut
    case customerWithdraw
    case arbitrate(ReviewDecision)
    /// The refund ledger paid it.
    case refundPaid

    /// Every action, for exhaustive tests.
    public static var all: [ReturnAction] {
        [
            .merchantApprove, .merchantReject, .merchantOfferPartialRefund, .merchantConfirmReceipt(acceptable: true),
            .merchantConfirmReceipt(acceptable: false), .merchantAnswerTimedOut, .merchantReceiptTimedOut(escalate: false),
            .merchantReceiptTimedOut(escalate: true), .customerResubmit,
            .customerAskReview, .customerAcceptOffer, .customerDeclineOffer, .customerShipReturn, .customerTimedOut, .customerWithdraw,
            .refundPaid,
        ] + ReviewDecision.allCases.map(ReturnAction.arbitrate)
    }

    /// Who takes it.
    public var actor: ReturnActor {
        switch self {
        case .merchantApprove, .merchantReject, .merchantOfferPartialRefund, .merchantConfirmReceipt: .merchant
        case .customerResubmit, .customerAskReview, .customerAcceptOffer, .customerDeclineOffer, .customerShipReturn, .customerWithdraw: .customer
        case .arbitrate: .arbitrator
        case .merchantAnswerTimedOut, .merchantReceiptTimedOut, .customerTimedOut, .refundPaid: .system
        }
    }
}

/// The life of a return request as a pure state machine (rules.md §2(d) 2d-P): which status an action leads
/// to, for which request type, or why it is refused. Timers, events and money are the caller's; this only
/// says what may follow what.
public enum ReturnRequestLife {
    /// Where a new request starts: one created from the merchant's agreement starts approved; one on an
    /// unshipped order goes straight to the platform (PDD-04); any other waits for the merchant's 48 h.
    public static func start(_ type: ReturnType, agreedByMerchant: Bool, orderShipped: Bool) -> ReturnRequestStatus {
        if agreedByMerchant { return approved(type) }
        return orderShipped ? .requested : .inPlatformReview
    }

    /// What the merchant's approval leads to: a refund-only request is refunded; a return is awaited.
    public static func approved(_ type: ReturnType) -> ReturnRequestStatus {
        type == .refundOnly ? .refundApproved : .awaitingReturn
    }

    /// The status after `action`, or failed_precondition naming the status. `itemBack`: the customer already
    /// sent the item back (a review of its condition), so supporting the buyer refunds without another return;
    /// `withdrawable`: the policy lets the customer withdraw a request of this type (PDD-09 states it for
    /// refund-only; rules.md §8 item 6).
    public static func next(
        _ status: ReturnRequestStatus,
        _ type: ReturnType,
        _ action: ReturnAction,
        itemBack: Bool = false,
        withdrawable: Bool = true
    ) -> Result<ReturnRequestStatus, ErrorBody> {
        if action == .customerWithdraw, !withdrawable {
            return .failure(ErrorBody.failedPrecondition("returnRequestId", "the policy does not let a \(type.rawValue) request be withdrawn"))
        }
        if let next = target(status, type, action, itemBack: itemBack) { return .success(next) }
        return .failure(ErrorBody.failedPrecondition("returnRequestId", "the request is \(status.rawValue): \(describe(action)) is not possible"))
    }

    static func target(_ status: ReturnRequestStatus, _ type: ReturnType, _ action: ReturnAction, itemBack: Bool) -> ReturnRequestStatus? {
        switch (status, action) {
        // The customer may withdraw before the refund is decided (PDD 2.5; for a return, inferred).
        case (let from, .customerWithdraw) where !from.isFinal && from != .refundApproved: return .withdrawn
        case (.requested, .merchantApprove): return approved(type)
        case (.requested, .merchantReject): return .merchantRejected
        case (.requested, .merchantOfferPartialRefund) where type.refundsMoney: return .partialRefundOffered
        // T-01: a refund is approved; T-02: a return-and-refund is refunded without the return; an exchange
        // goes on as agreed.
        case (.requested, .merchantAnswerTimedOut): return type == .exchange ? .awaitingReturn : .refundApproved
        // A partial refund is only ever offered on a request that refunds money.
        case (.partialRefundOffered, _) where !type.refundsMoney: return nil
        case (.merchantRejected, .customerResubmit), (.partialRefundOffered, .customerResubmit): return .requested
        case (.merchantRejected, .customerAskReview), (.partialRefundOffered, .customerAskReview): return .inPlatformReview
        case (.partialRefundOffered, .customerAcceptOffer): return .refundApproved
        case (.partialRefundOffered, .customerDeclineOffer): return .merchantRejected
        case (.merchantRejected, .customerTimedOut), (.partialRefundOffered, .customerTimedOut), (.awaitingReturn, .customerTimedOut):
            return .userOverdue
        case (.awaitingReturn, .customerShipReturn): return .itemReturned
        case (.itemReturned, .merchantConfirmReceipt(let acceptable)):
            guard acceptable else { return .inPlatformReview }
            return type == .exchange ? .replacementDue : .refundApproved
        // T-05: the policy's setting says what follows; the default treats silence as acceptance.
        case (.itemReturned, .merchantReceiptTimedOut(let escalate)):
            if escalate { return .inPlatformReview }
            return type == .exchange ? .replacementDue : .refundApproved
        case (.inPlatformReview, .arbitrate(let decision)):
            switch decision {
            case .supportMerchant: return .refused
            case .partial: return type.refundsMoney ? .refundApproved : nil
            case .supportBuyer:
                if type == .refundOnly { return .refundApproved }
                if itemBack { return type == .exchange ? .replacementDue : .refundApproved }
                return .awaitingReturn
            }
        case (.refundApproved, .refundPaid): return .refunded
        default: return nil
        }
    }

    static func describe(_ action: ReturnAction) -> String {
        switch action {
        case .merchantApprove: "approving"
        case .merchantReject: "rejecting"
        case .merchantOfferPartialRefund: "offering a partial refund"
        case .merchantConfirmReceipt: "confirming the receipt"
        case .merchantAnswerTimedOut: "the merchant's 48 hours"
        case .merchantReceiptTimedOut: "the merchant's 7 days after the return"
        case .customerResubmit: "resubmitting"
        case .customerAskReview: "asking for platform review"
        case .customerAcceptOffer: "accepting the offer"
        case .customerDeclineOffer: "declining the offer"
        case .customerShipReturn: "entering the return's tracking number"
        case .customerTimedOut: "the customer's 7 days"
        case .customerWithdraw: "withdrawing"
        case .arbitrate: "arbitrating"
        case .refundPaid: "paying the refund"
        }
    }
}
