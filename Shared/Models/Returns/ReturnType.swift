/// The three kinds of return request (rules.md §2(d), glossary §6): 仅退款, 退货退款, 换货.
public enum ReturnType: String, WireEnum, Hashable {
    case refundOnly = "refund_only"
    case returnAndRefund = "return_and_refund"
    case exchange

    /// Whether the request pays money back to the customer (an exchange sends goods instead).
    public var refundsMoney: Bool { self != .exchange }
}

/// Where a return request stands (rules.md §2(d) 2d-P, §3.1, §5 T-01 … T-06; glossary §6).
public enum ReturnRequestStatus: String, WireEnum, Hashable {
    /// Submitted (or resubmitted): the merchant has to answer within 48 h (PDD-06, T-01, T-02).
    case requested
    /// Before the platform's arbitrator: an unshipped order (PDD-04), or the customer asked for review.
    case inPlatformReview = "in_platform_review"
    /// The merchant rejected it: the customer has 7 days to resubmit or ask for review (T-03).
    case merchantRejected = "merchant_rejected"
    /// The merchant offered a partial refund: the customer accepts, declines, or lets it lapse in 7 days.
    case partialRefundOffered = "partial_refund_offered"
    /// Approved with a return: the customer has 7 days to ship it and enter the tracking number (T-04).
    case awaitingReturn = "awaiting_return"
    /// The customer shipped the item back: the merchant has 7 days to confirm its receipt (T-05).
    case itemReturned = "item_returned"
    /// The refund is decided (`refund.approved`); the refund ledger pays it.
    case refundApproved = "refund_approved"
    /// The returned item was received for an exchange: the replacement is due.
    case replacementDue = "replacement_due"
    /// The refund was paid.
    case refunded
    /// The arbitrator supported the merchant: nothing is refunded.
    case refused
    /// The customer let a 7-day step lapse (逾期未处理); a new request stays possible within the validity (T-06).
    case userOverdue = "user_overdue"
    /// The customer withdrew it before the refund.
    case withdrawn

    /// Nothing more happens to it (a refund approved still waits for its payment).
    public var isFinal: Bool { [.replacementDue, .refunded, .refused, .userOverdue, .withdrawn].contains(self) }
}
