/// The three kinds of return request (rules.md §2(d), glossary §6): 仅退款, 退货退款, 换货.
public enum ReturnType: String, WireEnum, Hashable {
    case refundOnly = "refund_only"
    case returnAndRefund = "return_and_refund"
    case exchange

    /// Whether the request pays money back to the customer (an exchange sends goods instead).
    public var refundsMoney: Bool { self != .exchange }
}

/// Where a return request stands. It starts `requested` (the merchant has to respond, rules.md §3.1);
/// responses, refunds and timers add their states as they land.
public enum ReturnRequestStatus: String, WireEnum, Hashable {
    case requested
}
