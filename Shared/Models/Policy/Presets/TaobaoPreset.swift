extension PolicyPresets {
    /// Taobao/Tmall dispute outcomes as the platform arbitrator applies them (rules.md §3.2). TB-07…TB-16
    /// are the spec's inferred quiz answers (rules.md §8 item 8); the two unresolvable questions of §8
    /// item 8 are not encoded.
    public static func taobao() -> PolicyDocument {
        let giftFee = FeeRule.giftValue(ruleIds: ["TB-06"])
        return PolicyDocument(
            policyId: "taobao_disputes",
            family: .taobaoDisputes,
            name: LocalizedText("淘宝售后处理规则", "Taobao-style disputes"),
            entitlements: [
                EntitlementRule(
                    ["TB-01"],
                    .returnAndRefund,
                    requires: [.has(.threeGuaranteesGoods), .has(.functionalFault)],
                    window: Window(from: .signing, closesAfter: .days(7), ruleIds: ["T-44"]),
                    fees: [giftFee]
                ),
                EntitlementRule(["TB-07"], .returnAndRefund, requires: [.has(.descriptionMismatch)], fees: [giftFee]),
                EntitlementRule(["TB-11"], .returnAndRefund, requires: [.has(.qualityIssue)], fees: [giftFee]),
                EntitlementRule(
                    ["TB-02", "TB-09"],
                    .returnAndRefund,
                    requires: [.has(.nearExpiryItem), .lacks(.prominentDisclosure)],
                    fees: [giftFee]
                ),
                EntitlementRule(["TB-13"], .returnAndRefund, requires: [.has(.shippedAfterRefundRequest)], fees: [giftFee]),
                EntitlementRule(["TB-10"], .returnAndRefund, requires: [.has(.unauthorisedDropOff)], fees: [giftFee]),
                EntitlementRule(["TB-05"], .returnAndRefund, requires: [.has(.responsibilityUnclear)], fees: [giftFee]),
                // 七天无理由: the entitlement TB-06 (a gift's value deducted, the return not refused) and TB-14
                // (a free-shipping "7-day item") presume; special goods are outside it.
                EntitlementRule(
                    ["TB-06", "TB-14"],
                    .returnAndRefund,
                    requires: [.lacks(.specialGoods, ["B-26"])],
                    window: Window(from: .signing, closesAfter: .days(7)),
                    fees: [giftFee]
                ),
                EntitlementRule(["TB-03"], .refundOnly, requires: [.has(.unsuitableForReturn)]),
                EntitlementRule(["TB-12"], .refundOnly, requires: [.has(.refusedDelivery), .has(.giftBrokenAtDelivery)]),
                EntitlementRule(
                    ["TB-14"],
                    .refundOnly,
                    requires: [.has(.refusedDelivery), .has(.freeShipping), .lacks(.specialGoods, ["B-26"])],
                    fees: [.provenReturnFreight(ruleIds: ["TB-14"])]
                ),
                EntitlementRule(["TB-15"], .refundOnly, requires: [.has(.buyerUnreachable)], fees: [.provenReturnFreight(ruleIds: ["TB-15"])]),
                EntitlementRule(["TB-04"], .compensation, requires: [.has(.unauthorisedFreightCollect)], payout: .collectFreight),
            ],
            blocks: [
                BlockRule(["TB-08"], [.compensation], when: .f(.courierWishOnlyInBuyerRemark)),
                BlockRule(
                    ["B-05"],
                    [.returnAndRefund],
                    when: .allOf([.f(.notResaleable), .not(.f(.qualityIssue)), .not(.f(.descriptionMismatch))])
                ),
            ],
            shipping: [
                ShippingRule(["TB-13"], [.returnAndRefund], when: .f(.shippedAfterRefundRequest), outbound: .seller, returnLeg: .seller),
                ShippingRule(["TB-07", "TB-16"], [.returnAndRefund], when: .f(.descriptionMismatch), outbound: .seller, returnLeg: .seller),
                ShippingRule(["TB-11"], [.returnAndRefund], when: .f(.qualityIssue), outbound: .seller, returnLeg: .seller),
                ShippingRule(["TB-01"], [.returnAndRefund], when: .f(.threeGuaranteesGoods), outbound: .seller, returnLeg: .seller),
                ShippingRule(["TB-05"], [.returnAndRefund], outbound: .seller, returnLeg: .customer),
                ShippingRule(["TB-12"], [.refundOnly], when: .f(.giftBrokenAtDelivery), outbound: .seller, returnLeg: .seller),
                ShippingRule(["TB-14"], [.refundOnly], when: .f(.refusedDelivery), outbound: .seller, returnLeg: .customer),
                ShippingRule(["TB-04"], [.compensation], outbound: .seller, returnLeg: .notApplicable),
            ],
            notes: [
                NoteRule(
                    ["TB-11", "B-05"],
                    [.returnAndRefund],
                    when: .allOf([.f(.qualityIssue), .f(.notResaleable)]),
                    text: LocalizedText("质量问题成立，是否使用过不影响退货", "Quality problem established: use does not bar the return")
                ),
                NoteRule(
                    ["TB-10"],
                    [.returnAndRefund],
                    when: .f(.unauthorisedDropOff),
                    text: LocalizedText("确认收货不代表商家无责", "Confirmed receipt does not clear the merchant")
                ),
                NoteRule(
                    ["TB-03"],
                    [.refundOnly],
                    when: .f(.unsuitableForReturn),
                    text: LocalizedText("不宜退货，按仅退款处理", "Unsuitable for return: handled as refund only")
                ),
            ],
            settings: [
                PolicySetting("unresolved_quiz_questions", "not_encoded", source: "rules.md §8 item 8"),
                PolicySetting(
                    "seven_day_no_reason_return",
                    "7 calendar days from signing, special goods excluded",
                    source: "TB-06, TB-14; glossary seven_day_no_reason_return"
                ),
            ]
        )
    }
}
