/// Machine-readable codes of refusals and caveats: the codes of rules.md §4 (B-01…B-30), chosen from the
/// fact that decided, so distinct facts get distinct codes even under one B-id (B-23 covers a filled-in
/// warranty card and a scratched casing; B-06 a missing 三包 card and a missing voucher).
public enum RefusalCodes {
    /// The code of a fact that holds and refuses (or qualifies) a resolution.
    static let whenPresent: [FactFlag: String] = [
        .physicalDamage: "physical_damage",
        .humanDamage: "human_damage",
        .installationTrace: "used_item",
        .notResaleable: "not_resaleable",
        .voucherMismatch: "voucher_mismatch",
        .clearanceItem: "clearance_item",
        .photosensitive: "photosensitive",
        .intimateGoods: "intimate_goods",
        .cosmetics: "cosmetics",
        .barcodeMismatch: "barcode_mismatch",
        .hasRepairRecord: "has_repair_record",
        .consumable: "consumable",
        .acceptedAtDelivery: "accepted_at_delivery",
        .orderAlreadyReturned: "order_already_returned",
        .warrantyCardActivated: "warranty_card_activated",
        .excludedDamage: "excluded_damage",
        .softwareModified: "software_modified",
        .specialGoods: "special_goods",
        .softwareIssue: "no_functional_fault",
        .courierWishOnlyInBuyerRemark: "remark_is_not_an_agreement",
        .noMerchantFound: "no_merchant_found",
    ]

    /// The code of a fact whose absence refuses a resolution.
    static let whenAbsent: [FactFlag: String] = [
        .accessoriesComplete: "incomplete_package",
        .packagingIntact: "incomplete_package",
        .hasThreeGuaranteesCard: "no_warranty_card",
        .hasInvoice: "no_sales_voucher",
        .hasWarrantyCard: "no_warranty_card",
        .hasWarrantyLabel: "no_warranty_label",
        .qualityIssue: "non_quality",
        .functionalFault: "no_functional_fault",
        .shipped: "not_shipped",
    ]

    /// The suggested codes of rules.md §4, by B-id: used when no single fact decided.
    public static let byRuleId: [String: String] = [
        "B-01": "physical_damage", "B-02": "human_damage", "B-03": "incomplete_package", "B-04": "used_item",
        "B-05": "not_resaleable", "B-06": "no_warranty_card", "B-07": "no_invoice", "B-08": "voucher_mismatch",
        "B-09": "period_expired", "B-10": "clearance_item", "B-11": "photosensitive", "B-12": "intimate_goods",
        "B-13": "cosmetics", "B-14": "barcode_mismatch", "B-15": "repair_only_model", "B-16": "has_repair_record",
        "B-17": "consumable", "B-18": "accepted_at_delivery", "B-19": "return_shipped_late", "B-20": "unconfirmed_return",
        "B-21": "order_already_returned", "B-22": "no_functional_fault", "B-23": "warranty_card_activated",
        "B-24": "excluded_damage", "B-25": "non_quality", "B-26": "special_goods", "B-27": "window_expired",
        "B-28": "customer_supplied_part", "B-29": "software_modified", "B-30": "defective_replacement",
    ]

    /// Codes of the engine's own refusals (no fact involved).
    public static let periodExpired = "period_expired"
    public static let windowNotOpen = "window_not_open"
    public static let missingDate = "missing_date"
    public static let notOffered = "not_offered"
    public static let noRule = "no_rule"
    public static let conditionUnmet = "condition_unmet"
    public static let referredToAuthorities = "referred_to_authorities"

    /// The code for `condition` evaluating to `holds` in `ctx` — a block that holds, a requirement that
    /// fails: the first deciding fact with a code, else the first B-id's code, else `fallback`.
    static func code(_ condition: Condition, holds: Bool, in ctx: EvaluationContext, ruleIds: [String], fallback: String) -> String {
        for (flag, present) in condition.decidingFacts(holds: holds, in: ctx) {
            if let code = present ? whenPresent[flag] : whenAbsent[flag] { return code }
        }
        return byRule(ruleIds) ?? fallback
    }

    static func byRule(_ ids: [String]) -> String? {
        ids.lazy.compactMap { byRuleId[$0] }.first
    }
}

extension Condition {
    /// The flags that make this condition evaluate to `holds` in `ctx`, each with whether it is present:
    /// for `not(flag(x))` holding, `(x, false)`; for an `any_of` holding, the facts of its first true member.
    func decidingFacts(holds: Bool, in ctx: EvaluationContext) -> [(FactFlag, Bool)] {
        switch self {
        case .flag(let flag): return [(flag, ctx.flags.contains(flag))]
        case .not(let inner): return inner.decidingFacts(holds: !holds, in: ctx)
        case .allOf(let all):
            // Holding: every member decides. Failing: the members that fail.
            return holds
                ? all.flatMap { $0.decidingFacts(holds: true, in: ctx) }
                : all.filter { !$0.holds(in: ctx) }.flatMap { $0.decidingFacts(holds: false, in: ctx) }
        case .anyOf(let any):
            return holds
                ? (any.first { $0.holds(in: ctx) }?.decidingFacts(holds: true, in: ctx) ?? [])
                : any.flatMap { $0.decidingFacts(holds: false, in: ctx) }
        default: return []
        }
    }
}
