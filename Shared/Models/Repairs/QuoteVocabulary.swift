/// The words of a repair quote (rules.md §2(e) 2e-W step 1, §3.12 WS-04/05/16), lower_snake on the wire.

/// How a workshop prices a repair (WS-04).
public enum EstimateMethod: String, WireEnum, Hashable {
    /// 系统估价: by the systems or parts involved, each at its package price.
    case system
    /// 现象估价: by the symptom to remove; risky, so a risk premium is added.
    case symptom
    /// 项目定价: by the actual labour and parts; quality may not be guaranteed, said in advance.
    case item
}

/// Where a quoted part comes from.
public enum PartOrigin: String, WireEnum, Hashable {
    /// In stock at the workshop (reserved at Parts when the quote is accepted).
    case inStock = "in_stock"
    /// To be ordered from a supplier: the promise waits for its lead time.
    case toOrder = "to_order"
    /// Brought by the customer: no quality guarantee (WS-05, B-28).
    case customerSupplied = "customer_supplied"
}

/// Whether a quote line is paid by the customer or covered.
public enum LineCoverage: String, WireEnum, Hashable {
    /// Free: inside the product's warranty, or the previous repair's for the same fault (SH-12).
    case warranty
    case chargeable
}

/// How the customer was told of extra work (WS-09).
public enum ToldVia: String, WireEnum, Hashable {
    case phone, sms, chat
    case inPerson = "in_person"
}

/// How a repaired item goes back: collected at the counter, or shipped (2e-L step 7, the customer paying freight).
public enum HandoverMethod: String, WireEnum, Hashable {
    case collected, shipped
}

/// Who pays the diagnosis of a declined quote (WS-03).
public enum DiagnosisPaidBy: String, WireEnum, Hashable {
    case customer, shop
}

/// Why a repair order is held: the item differs from the case's photos, or a special situation (LG-22).
public enum RepairHoldKind: String, WireEnum, Hashable {
    case discrepancy, special
}
