extension PolicyPresets {
    /// Taobao clothing shop's own return and exchange practice (rules.md §3.11, §3.9 rows of [002§H]).
    /// rules.md §8 item 11: a non-quality exchange splits freight, one leg each ("一人一半").
    public static func clothingShop() -> PolicyDocument {
        let goods: [Resolution] = [.returnAndRefund, .exchange]
        return PolicyDocument(
            policyId: "clothing_shop",
            family: .clothingShop,
            name: LocalizedText("淘宝服装店退换货", "Clothing shop"),
            entitlements: [
                EntitlementRule(["CS-02"], .exchange, requires: [.lacks(.notResaleable, ["B-05"])]),
                EntitlementRule(
                    ["CS-05"],
                    .returnAndRefund,
                    requires: [Requirement(.anyOf([.f(.qualityIssue), .f(.minorDefect), .f(.wrongItemSent)]))]
                ),
            ],
            shipping: [
                ShippingRule(
                    ["CS-02"],
                    goods,
                    when: .anyOf([.f(.wrongItemSent), .f(.minorDefect), .f(.qualityIssue)]),
                    outbound: .seller,
                    returnLeg: .seller
                ),
                ShippingRule(["CS-02"], [.exchange], outbound: .seller, returnLeg: .customer),
            ],
            notes: [NoteRule(["CS-05"], goods, text: LocalizedText("能换不退，能修不退换", "Exchange before refund; repair before return or exchange"))],
            settings: [PolicySetting("non_quality_exchange_freight", "split_one_leg_each", source: "rules.md §8 item 11")]
        )
    }
}
