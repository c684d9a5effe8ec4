/// Options of the Pinduoduo-style platform preset (rules.md §3.1).
public struct PinduoduoOptions: Sendable, Hashable {
    /// The merchant-promised after-sales validity (售后有效期, PDD-05/PDD-11, T-06). The seed gives no number.
    public var afterSalesValidity: Period = .days(15)
    /// rules.md §8 item 6: withdrawal (PDD-09) is stated only for refund-only; default: also allowed for
    /// return-and-refund (inferred).
    public var withdrawalForReturnAndRefund = true
    /// rules.md §8 item 6 / T-05: what happens when the merchant does not act within 7 days of the user's
    /// return; the seed is cut off. Default: automatic refund (inferred, the likely outcome).
    public var merchantHandlingExpiry: TimerExpiry = .autoRefund

    public init() {}
}

extension PolicyPresets {
    /// Pinduoduo-style platform rules (rules.md §3.1, timers T-01…T-07).
    public static func pinduoduo(_ o: PinduoduoOptions = PinduoduoOptions()) -> PolicyDocument {
        let validity = o.afterSalesValidity
        let withdraw: [Resolution] = o.withdrawalForReturnAndRefund ? [.refundOnly, .returnAndRefund] : [.refundOnly]
        return PolicyDocument(
            policyId: "pinduoduo_platform",
            family: .pinduoduoPlatform,
            name: LocalizedText("拼多多售后规则", "Pinduoduo-style platform"),
            offered: [.refundOnly, .returnAndRefund],
            offeredRuleIds: ["PDD-01"],
            entitlements: [
                EntitlementRule(
                    ["PDD-04", "T-07"],
                    .refundOnly,
                    requires: [.lacks(.shipped), Requirement(.onOrBeforeAnchor(.promisedShipBy))],
                    handler: .platform
                ),
                EntitlementRule(
                    ["PDD-02", "PDD-05"],
                    .refundOnly,
                    window: Window(from: .groupBuySuccess, closesAfter: validity, ruleIds: ["T-06", "B-27"])
                ),
                EntitlementRule(
                    ["PDD-03", "PDD-11"],
                    .returnAndRefund,
                    requires: [.has(.shipped, ["B-26"]), .lacks(.specialGoods, ["B-26"])],
                    window: Window(from: .shipment, closesAfter: validity, ruleIds: ["T-06", "B-27"])
                ),
            ],
            timers: [
                TimerRule(
                    ["PDD-06", "T-01"],
                    name: "merchant_response",
                    trigger: .requestSubmitted,
                    duration: .hours(48),
                    onExpiry: .autoRefund,
                    resolutions: [.refundOnly]
                ),
                TimerRule(
                    ["PDD-12", "T-02"],
                    name: "merchant_response",
                    trigger: .requestSubmitted,
                    duration: .hours(48),
                    onExpiry: .autoRefundWithoutReturn,
                    resolutions: [.returnAndRefund]
                ),
                TimerRule(
                    ["PDD-07", "PDD-08", "T-03"],
                    name: "user_reaction_after_rejection",
                    trigger: .merchantRejected,
                    duration: .days(7),
                    onExpiry: .userOverdue,
                    resolutions: [.refundOnly]
                ),
                TimerRule(
                    ["PDD-13", "PDD-14", "T-03"],
                    name: "user_reaction_after_rejection",
                    trigger: .merchantRejected,
                    duration: .days(7),
                    onExpiry: .userOverdue,
                    resolutions: [.returnAndRefund]
                ),
                TimerRule(
                    ["PDD-15", "T-04"],
                    name: "user_ships_return",
                    trigger: .merchantAgreedReturn,
                    duration: .days(7),
                    onExpiry: .userOverdue,
                    resolutions: [.returnAndRefund]
                ),
                TimerRule(
                    ["PDD-16", "T-05"],
                    name: "merchant_handles_return",
                    trigger: .userReturned,
                    duration: .days(7),
                    onExpiry: o.merchantHandlingExpiry,
                    resolutions: [.returnAndRefund]
                ),
            ],
            notes: [
                NoteRule(["PDD-09"], withdraw, text: LocalizedText("退款成功前可撤销申请", "May be withdrawn before the refund succeeds")),
                NoteRule(["PDD-10"], [.refundOnly], text: LocalizedText("商家同意后系统退款", "The system refunds once the merchant agrees")),
            ],
            settings: [
                PolicySetting("after_sales_validity_days", String(validity.value), source: "PDD-05 (merchant-promised; no number in the seed)"),
                PolicySetting("withdrawal_for_return_and_refund", String(o.withdrawalForReturnAndRefund), source: "rules.md §8 item 6"),
                PolicySetting("merchant_handling_expiry", o.merchantHandlingExpiry.rawValue, source: "rules.md §8 item 6, T-05"),
            ]
        )
    }
}
