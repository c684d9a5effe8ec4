/// The words of the parts desk (rules.md §2(f), §6 glossary), one enum each, lower_snake on the wire and in
/// the database.

/// A part's value class (WS-16): an appointment that needs a high-value part (class c or d) takes a deposit
/// of at least half its price.
public enum ValueClass: String, WireEnum, Hashable {
    case a, b, c, d

    /// True for the high-value classes, whose appointments take a deposit.
    public var requiresDeposit: Bool { self == .c || self == .d }
}

/// Whether a part may still be reserved, requisitioned and purchased.
public enum PartStatus: String, WireEnum, Hashable {
    case active
    case retired
}

/// Where stock is kept.
public enum LocationKind: String, WireEnum, Hashable {
    case warehouse
    case workshop
    case van
}

/// What one entry of the stock ledger records.
public enum MovementKind: String, WireEnum, Hashable {
    /// Goods arrived from a supplier.
    case receipt
    /// Units held for a repair order (reserved up, on hand unchanged).
    case reservation
    /// Held units given back (released by hand or expired).
    case release
    /// Held units taken out of stock into a repair.
    case consumption
    case transferOut = "transfer_out"
    case transferIn = "transfer_in"
    /// A correction: an opening balance, breakage, a stocktake's variance.
    case adjustment
}

/// Where a reservation stands.
public enum ReservationStatus: String, WireEnum, Hashable {
    case held
    case released
    case consumed
    /// Released by its timer: it was not consumed in time.
    case expired
}

/// A parts requisition (配件需求申报, rules.md §2(f) 1–3).
public enum RequisitionStatus: String, WireEnum, Hashable {
    case requested
    case verified
    case rejected
    /// In a purchase request to a supplier.
    case ordered
    /// Its part arrived.
    case received
    case cancelled

    /// Still waiting for something.
    public var isOpen: Bool { self == .requested || self == .verified || self == .ordered }
}

/// A purchase request to a supplier (配件采购申请).
public enum PurchaseStatus: String, WireEnum, Hashable {
    case submitted
    case partiallyReceived = "partially_received"
    case received
    case cancelled

    /// Goods are still expected.
    public var isOpen: Bool { self == .submitted || self == .partiallyReceived }
}

/// A stocktake (盘点) session.
public enum StocktakeStatus: String, WireEnum, Hashable {
    case counting
    case posted
    /// Abandoned without posting: its counts change nothing.
    case cancelled
}

/// Where a safety-stock level came from.
public enum SafetyStockSource: String, WireEnum, Hashable {
    case none
    case manual
    case suggested
}

/// The after-sales desk's verdict on a requisition (rules.md §2(f) 2).
public enum RequisitionVerdict: String, WireEnum, Hashable {
    case verified
    case rejected
}
