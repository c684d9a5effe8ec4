/// Options of the furniture 三包 preset (rules.md §3.6).
public struct FurnitureOptions: Sendable, Hashable {
    public var returnWindow: Period = .days(30)
    public var exchangeWindow: Period = .days(60)
    /// FN-06 "more than 30 days" after the repair was submitted.
    public var repairLimit: Period = .days(30)
    /// rules.md §8 item 18: the appendix listing "serious quality problems" is missing; staff set the
    /// `serious_defect` flag by judgement until the tenant supplies the list.
    public var seriousDefectList = "staff_judgement"

    public init() {}
}

extension PolicyPresets {
    /// Furniture store 三包 (rules.md §3.6, timers T-19, T-20).
    public static func furniture(_ o: FurnitureOptions = FurnitureOptions()) -> PolicyDocument {
        let serious = Requirement.has(.seriousDefect)
        let w30 = Window(from: .delivery, closesAfter: o.returnWindow, pausable: true, ruleIds: ["FN-01", "T-19", "B-09"])
        let w60 = Window(from: .delivery, closesAfter: o.exchangeWindow, pausable: true, ruleIds: ["FN-01", "T-19", "B-09"])
        let exchangeDue = Condition.anyOf([
            .allOf([.f(.seriousDefect), .within(.delivery, o.exchangeWindow)]),
            .allOf([.f(.seriousDefect), .repairsAtLeast(2)]),
            .elapsedMoreThan(.repairSubmitted, o.repairLimit),
        ])
        let all: [Resolution] = [.returnAndRefund, .exchange, .repair]
        return PolicyDocument(
            policyId: "furniture",
            family: .furniture,
            name: LocalizedText("家具三包", "Furniture 三包"),
            entitlements: [
                EntitlementRule(["FN-03"], .returnAndRefund, requires: [serious], window: w30),
                EntitlementRule(["FN-07"], .returnAndRefund, requires: [Requirement(exchangeDue), .has(.noSameModelAvailable)]),
                EntitlementRule(["FN-03", "FN-04"], .exchange, requires: [serious], window: w60),
                EntitlementRule(["FN-05"], .exchange, requires: [serious, Requirement(.repairsAtLeast(2))]),
                EntitlementRule(["FN-06", "T-20"], .exchange, requires: [Requirement(.elapsedMoreThan(.repairSubmitted, o.repairLimit))]),
                EntitlementRule(["FN-03", "FN-04"], .repair, requires: [serious], window: w60),
            ],
            blocks: [
                BlockRule(["FN-02", "B-07"], all, when: .anyOf([.not(.f(.hasInvoice)), .not(.f(.hasThreeGuaranteesCard))]))
            ],
            shipping: [ShippingRule(["FN-08"], all, outbound: .seller, returnLeg: .seller)],
            timers: [
                TimerRule(
                    ["FN-06", "T-20"],
                    name: "repair_completion",
                    trigger: .repairSubmitted,
                    duration: o.repairLimit,
                    onExpiry: .freeExchangeDue,
                    resolutions: [.repair]
                )
            ],
            notes: [
                NoteRule(
                    ["FN-09", "B-30"],
                    [.exchange],
                    text: LocalizedText(
                        "换货须为全新合格品，三包自换货之日重新计算",
                        "Replacement must be new and not repaired; 三包 restarts on the exchange date"
                    )
                ),
                NoteRule(
                    ["FN-11"],
                    [.returnAndRefund],
                    when: .f(.nonSeparableSet),
                    text: LocalizedText("不可拆分整套，整套退货", "Non-separable set: the whole set is returned")
                ),
                NoteRule(
                    ["FN-10"],
                    all,
                    when: .f(.separableSet),
                    text: LocalizedText("可拆分整套，只处理有问题的单件", "Separable set: only the affected pieces")
                ),
                NoteRule(["FN-03"], [.returnAndRefund], text: LocalizedText("退货立即全额退款", "Full original price refunded at once")),
            ],
            settings: [
                PolicySetting("serious_defect_list", o.seriousDefectList, source: "rules.md §8 item 18"),
                PolicySetting("window_anchor", "delivery", source: "rules.md §8 item 13, FN-01"),
            ]
        )
    }
}
