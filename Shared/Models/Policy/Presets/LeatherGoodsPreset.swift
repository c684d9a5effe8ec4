/// Options of the leather-goods shop preset (rules.md §3.3).
public struct LeatherGoodsOptions: Sendable, Hashable {
    /// rules.md §8 item 4: the 7-working-day limit (LG-04) is read as applying only to non-quality
    /// returns; quality problems get the 1-month guarantee (LG-16).
    public var nonQualityWindow: Period = .workingDays(7)
    public var qualityGuarantee: Period = .months(1)
    /// rules.md §8 item 4: the 48 h photo limit (LG-05) is measured from signing (start not stated).
    public var photoLimit: Period = .hours(48)
    /// rules.md §8 item 11: on a non-quality return or exchange the customer pays both legs (the leather
    /// shop's reading); set `.seller` for the clothing shop's "一人一半" split.
    public var nonQualityOutboundPayer: ShippingPayer = .customer

    public init() {}
}

extension PolicyPresets {
    /// Online leather-goods shop (rules.md §3.3, timers T-08…T-12).
    public static func leatherGoods(_ o: LeatherGoodsOptions = LeatherGoodsOptions()) -> PolicyDocument {
        let quality = Requirement.has(.qualityIssue)
        let nonQuality = Requirement.lacks(.qualityIssue)
        let resaleable = Requirement.lacks(.notResaleable, ["B-05", "LG-08"])
        var rules: [EntitlementRule] = [EntitlementRule(["LG-03"], .refundOnly, requires: [.has(.refusedDelivery)])]
        for r in [Resolution.returnAndRefund, .exchange] {
            let diff = r == .exchange
            rules += [
                EntitlementRule(
                    ["LG-16", "LG-05"],
                    r,
                    requires: [quality],
                    window: Window(from: .signing, closesAfter: o.qualityGuarantee, ruleIds: ["T-12"]),
                    settlesPriceDifference: diff
                ),
                EntitlementRule(
                    ["LG-04", "LG-08"],
                    r,
                    requires: [nonQuality, resaleable],
                    window: Window(from: .signing, closesAfter: o.nonQualityWindow, ruleIds: ["T-08"]),
                    settlesPriceDifference: diff
                ),
                EntitlementRule(
                    ["LG-19", "B-25"],
                    r,
                    requires: [nonQuality],
                    window: Window(from: .signing, opensAfter: .days(7), closesAfter: o.qualityGuarantee, ruleIds: ["T-12"]),
                    outcome: .negotiate
                ),
            ]
        }
        rules.append(
            EntitlementRule(
                ["LG-17"],
                .repair,
                window: Window(from: .signing, opensAfter: o.qualityGuarantee, ruleIds: ["T-12"]),
                fees: [.toBeQuoted(ruleIds: ["LG-17"])]
            )
        )
        let goods: [Resolution] = [.returnAndRefund, .exchange]
        return PolicyDocument(
            policyId: "leather_goods",
            family: .leatherGoods,
            name: LocalizedText("皮具网店售后", "Leather-goods shop"),
            entitlements: rules,
            blocks: [
                BlockRule(["LG-02", "B-18"], goods, when: .f(.acceptedAtDelivery)),
                BlockRule(["LG-14", "B-21"], goods, when: .f(.orderAlreadyReturned)),
                BlockRule(["LG-12", "B-03"], goods, when: .not(.complete), sendBack: .customer),
                BlockRule(
                    ["LG-09", "B-19", "T-11"],
                    goods,
                    when: .hoursElapsedMoreThan(from: .returnConfirmed, until: .returnShipped, hours: 48)
                ),
                BlockRule(
                    ["LG-05", "T-09"],
                    goods,
                    when: .allOf([.f(.qualityIssue), .hoursElapsedMoreThan(from: .signedFor, until: nil, hours: o.photoLimit.value)]),
                    effect: .warn,
                    text: LocalizedText(
                        "签收超过48小时，拍照鉴定途径已关闭，可到实体店处理",
                        "More than 48 h since signing: the photo route is closed; a local store may still handle it"
                    ),
                    code: "photo_route_closed"
                ),
                BlockRule(["LG-21", "B-07"], [.repair], when: .not(.f(.hasInvoice)), effect: .warn),
            ],
            shipping: [
                ShippingRule(
                    ["LG-06", "LG-16"],
                    goods,
                    when: .f(.qualityIssue),
                    outbound: .seller,
                    returnLeg: .seller,
                    returnCarrier: .sellerDesignated
                ),
                ShippingRule(["LG-08"], goods, outbound: o.nonQualityOutboundPayer, returnLeg: .customer),
                ShippingRule(["LG-17", "LG-23"], [.repair], outbound: .customer, returnLeg: .customer),
                ShippingRule(["LG-03"], [.refundOnly], outbound: .seller, returnLeg: .seller),
            ],
            timers: [
                TimerRule(
                    ["LG-05", "T-09"],
                    name: "quality_photos",
                    trigger: .signedFor,
                    duration: o.photoLimit,
                    onExpiry: .optionClosed,
                    resolutions: goods,
                    when: .f(.qualityIssue)
                ),
                TimerRule(
                    ["LG-09", "T-11", "B-19"],
                    name: "return_shipment",
                    trigger: .returnConfirmed,
                    duration: .hours(48),
                    onExpiry: .refuseReturn,
                    resolutions: goods
                ),
                TimerRule(
                    ["LG-03", "T-10"],
                    name: "delivery_dispute_answer",
                    trigger: .deliveryRefused,
                    duration: .days(2),
                    onExpiry: .alertSupervisor,
                    resolutions: [.refundOnly]
                ),
            ],
            notes: [NoteRule(["LG-07"], [.exchange], text: LocalizedText("换货差价多退少补", "Exchange price difference settled both ways"))],
            settings: [
                PolicySetting("non_quality_window", "\(o.nonQualityWindow.value) \(o.nonQualityWindow.unit.rawValue)", source: "rules.md §8 item 4"),
                PolicySetting("photo_limit_from", "signed_for", source: "rules.md §8 item 4"),
                PolicySetting("hours_from_a_date_only", "end_of_that_local_day", source: "LG-05/LG-09: a signing known only by its date"),
                PolicySetting("non_quality_outbound_payer", o.nonQualityOutboundPayer.rawValue, source: "rules.md §8 item 11"),
                PolicySetting("price_difference", "settle_difference", source: "rules.md §8 item 5 (多除少补 read as 多退少补)"),
            ]
        )
    }
}
