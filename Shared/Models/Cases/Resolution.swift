/// What a customer asks for, or is granted: the glossary's identifiers (rules.md §6, DESIGN §9).
public enum Resolution: String, WireEnum, Hashable {
    case refundOnly = "refund_only"
    case returnAndRefund = "return_and_refund"
    case exchange
    case repair
    case replaceNew = "replace_new"
    case goodUnitSwap = "good_unit_swap"
    case factoryWarranty = "factory_warranty"
    case reshipment
    case compensation
}
