extension PolicyPresets {
    /// Tmall snack shop's problem-parcel and compensation guide (rules.md §3.10). Reason-steering (SN-10)
    /// is deliberately not encoded: reasons are recorded as given (rules.md §8 item 10).
    public static func snackShop() -> PolicyDocument {
        PolicyDocument(
            policyId: "snack_shop",
            family: .snackShop,
            name: LocalizedText("零食店问题件处理", "Snack shop problem parcels"),
            entitlements: [
                EntitlementRule(["SN-02"], .reshipment, requires: [Requirement(.anyOf([.f(.shipmentDetailWrong), .f(.parcelWeightWrong)]))]),
                EntitlementRule(["SN-07"], .reshipment, requires: [.has(.tornPackMuchSpilt)]),
                EntitlementRule(["SN-03"], .reshipment, requires: [.has(.transportDamage), .has(.returningCustomer)]),
                EntitlementRule(["SN-05"], .compensation, requires: [.has(.bloatedBag)], payout: .fixed(.cny(5))),
                EntitlementRule(["SN-06"], .compensation, requires: [.has(.tornPackLittleSpilt)], payout: .fixed(.cny(7))),
                EntitlementRule(["SN-08"], .returnAndRefund, requires: [Requirement(.anyOf([.f(.unacceptableDefect), .f(.refusedDelivery)]))]),
                EntitlementRule(["SN-09"], .returnAndRefund, window: Window(from: .signing, closesAfter: .days(7))),
            ],
            shipping: [ShippingRule(["SN-08", "SN-09"], [.returnAndRefund], outbound: .seller, returnLeg: .shippingInsurance)],
            notes: [
                NoteRule(
                    ["SN-03"],
                    [.reshipment],
                    when: .allOf([.f(.transportDamage), .f(.returningCustomer)]),
                    text: LocalizedText("仅此一次，告知为额外补发", "Once only, told it is an extra")
                ),
                NoteRule(
                    ["SN-05"],
                    [.compensation],
                    when: .f(.bloatedBag),
                    text: LocalizedText("3元补偿+2元好评返现", "3 yuan compensation + 2 yuan review cashback")
                ),
                NoteRule(["SN-07"], [.reshipment], when: .f(.tornPackMuchSpilt), text: LocalizedText("补发一包，无需退回", "Reship one pack, no return")),
            ],
            settings: [PolicySetting("reason_steering", "not_encoded", source: "rules.md §8 item 10")]
        )
    }
}
