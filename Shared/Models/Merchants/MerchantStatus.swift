/// Whether cases may be dispatched to a merchant (商家). New merchants are `active`; a `suspended` one keeps
/// its history but receives no new dispatches.
public enum MerchantStatus: String, WireEnum, Hashable {
    case active
    case suspended
}
