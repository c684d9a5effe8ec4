/// Options of the smart-home preset (rules.md §3.8).
public struct SmartHomeOptions: Sendable, Hashable {
    /// rules.md §8 item 12 / SH-19: "the set period" for personal-reason returns has no number; default 7 days.
    public var personalReasonPeriod: Period = .days(7)
    /// Product warranty (SH-13); the seed gives no length (gap).
    public var warranty: Period = .months(12)
    /// Warranty after a repair (SH-12); the seed gives no length (gap).
    public var postRepairWarranty: Period = .months(3)

    public init() {}
}

extension PolicyPresets {
    /// Smart-home after-sales specification (rules.md §3.8).
    public static func smartHome(_ o: SmartHomeOptions = SmartHomeOptions()) -> PolicyDocument {
        let inWarranty = Window(from: .sale, closesAfter: o.warranty, ruleIds: ["SH-19", "B-09"])
        let fault = [Requirement.has(.functionalFault), .lacks(.humanDamage, ["B-02"])]
        let personal = [Requirement.lacks(.functionalFault), .lacks(.transportDamage), .lacks(.notResaleable, ["B-05"])]
        let personalWindow = Window(from: .sale, closesAfter: o.personalReasonPeriod, ruleIds: ["SH-19", "B-09"])
        var rules: [EntitlementRule] = []
        for r in [Resolution.returnAndRefund, .exchange] {
            rules += [
                EntitlementRule(["SH-17"], r, requires: fault, window: inWarranty),
                EntitlementRule(["SH-17"], r, requires: [.has(.transportDamage)]),
                EntitlementRule(["SH-17"], r, requires: personal, window: personalWindow),
            ]
        }
        rules += [
            EntitlementRule(["SH-13"], .repair, requires: [.lacks(.humanDamage, ["B-02"])], window: inWarranty),
            EntitlementRule(["SH-12"], .repair, window: Window(from: .lastRepairCompleted, closesAfter: o.postRepairWarranty)),
            EntitlementRule(["SH-13"], .repair, window: Window(from: .sale, opensAfter: o.warranty), fees: [.toBeQuoted(ruleIds: ["SH-13"])]),
        ]
        let goods: [Resolution] = [.returnAndRefund, .exchange]
        return PolicyDocument(
            policyId: "smart_home",
            family: .smartHome,
            name: LocalizedText("智能家居售后", "Smart home"),
            entitlements: rules,
            blocks: [
                BlockRule(["SH-18", "B-03"], goods, when: .not(.f(.packagingIntact))),
                BlockRule(["SH-18", "B-07"], goods, when: .not(.f(.hasInvoice))),
            ],
            shipping: [
                ShippingRule(
                    ["SH-20"],
                    goods,
                    when: .anyOf([.f(.functionalFault), .f(.transportDamage)]),
                    outbound: .manufacturer,
                    returnLeg: .manufacturer
                ),
                ShippingRule(["SH-20"], goods, outbound: .customer, returnLeg: .customer),
            ],
            settings: [
                PolicySetting("personal_reason_days", String(o.personalReasonPeriod.value), source: "rules.md §8 item 12, SH-19"),
                PolicySetting("warranty_months", String(o.warranty.value), source: "gap: SH-13 gives no length"),
                PolicySetting("post_repair_warranty_months", String(o.postRepairWarranty.value), source: "gap: SH-12 gives no length"),
            ]
        )
    }
}
