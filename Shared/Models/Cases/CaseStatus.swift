/// Where a case stands (rules.md §2(a)–(e)): registered (A1 `RECORDED`), queued for its merchant
/// (`DISPATCHED_TO_MERCHANT`), acknowledged (`AT_MERCHANT`) or not in time, with the escalation officer
/// (§2(c) `ESCALATED`), a resolution agreed and being carried out (`IN_RESOLUTION`: a return request or a
/// repair order), carried out (`RESOLVED`: refunded, or the item handed back), closed; or cancelled. It moves
/// only forward (``CaseLife``).
public enum CaseStatus: String, WireEnum, Hashable {
    case recorded
    case dispatchedToMerchant = "dispatched_to_merchant"
    case atMerchant = "at_merchant"
    case merchantResponseOverdue = "merchant_response_overdue"
    case escalated
    case inResolution = "in_resolution"
    case resolved
    case closed
    case cancelled
}
