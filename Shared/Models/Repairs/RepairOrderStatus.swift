/// Where a repair order (进厂维修单) stands (rules.md §2(e)): received and registered (登记), checked in —
/// or held while the item differs from the case's photos (LG-22) — quoted, then repaired once the quote is
/// accepted (waiting for parts, for the customer's answer on extra work, or held for a special situation on
/// the way), checked, ready for pickup and handed over; or closed when the quote is declined, or cancelled.
public enum RepairOrderStatus: String, WireEnum, Hashable {
    case registered
    case checkedIn = "checked_in"
    /// The item differs from the case's evidence: held until agreed with the customer (LG-22).
    case onHoldDiscrepancy = "on_hold_discrepancy"
    case quoted
    /// The customer declined the quote: closed (who pays the diagnosis is on the decision, WS-03).
    case quoteDeclined = "quote_declined"
    /// Waiting for a part that ran out, until its expected arrival.
    case awaitingParts = "awaiting_parts"
    case inRepair = "in_repair"
    /// The workshop found more work: waiting for the customer's answer (WS-09, AWAITING_ADDON_APPROVAL).
    case awaitingAddonApproval = "awaiting_addon_approval"
    /// A special situation during repair: held until agreed with the customer (LG-22).
    case onHoldSpecial = "on_hold_special"
    /// The work is done: in quality control (WS-14).
    case repaired
    case completed
    case readyForPickup = "ready_for_pickup"
    /// Handed over, settled and signed for (WS-12, DELIVERED).
    case delivered
    case cancelled

    /// No step follows.
    public var isFinal: Bool { self == .quoteDeclined || self == .delivered || self == .cancelled }
}
