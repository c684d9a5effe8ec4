/// Where a case stands (rules.md §2(a)–(b)). Registration records it (A1 `RECORDED`); Dispatch's events
/// move it: queued for its merchant (`DISPATCHED_TO_MERCHANT`), acknowledged (`AT_MERCHANT`), or not
/// acknowledged in time. The resolutions add their states as those capabilities land.
public enum CaseStatus: String, WireEnum, Hashable {
    case recorded
    case dispatchedToMerchant = "dispatched_to_merchant"
    case atMerchant = "at_merchant"
    case merchantResponseOverdue = "merchant_response_overdue"
}
