/// Options of the laptop-shop preset (rules.md §3.7).
public struct LaptopOptions: Sendable, Hashable {
    public var returnWindow: Period = .days(7)
    public var exchangeWindow: Period = .days(15)
    public var sanbao: Period = .months(12)

    public init() {}
}

extension PolicyPresets {
    /// Laptop shop after-sales terms (rules.md §3.7, timers T-21, T-22). All periods run from the
    /// purchase (sale) date (rules.md §8 item 21).
    public static func laptopShop(_ o: LaptopOptions = LaptopOptions()) -> PolicyDocument {
        let intact = [Requirement(.complete, ["B-03"]), .lacks(.physicalDamage, ["B-23"])]
        func w(_ p: Period) -> Window { Window(from: .sale, closesAfter: p, ruleIds: ["T-21", "B-09"]) }
        let goods: [Resolution] = [.returnAndRefund, .exchange]
        return PolicyDocument(
            policyId: "laptop_shop",
            family: .laptopShop,
            name: LocalizedText("笔记本电脑售后", "Laptop shop"),
            entitlements: [
                EntitlementRule(
                    ["LT-10"],
                    .exchange,
                    requires: [.has(.causedByRepairCentre)],
                    window: w(o.sanbao),
                    handler: .manufacturerRepairCentre
                ),
                EntitlementRule(
                    ["LT-10"],
                    .returnAndRefund,
                    requires: [.has(.causedByRepairCentre)],
                    window: w(o.sanbao),
                    handler: .manufacturerRepairCentre
                ),
                EntitlementRule(["LT-05", "LT-04"], .returnAndRefund, requires: intact, window: w(o.returnWindow)),
                EntitlementRule(["LT-05", "LT-04"], .exchange, requires: intact, window: w(o.returnWindow)),
                EntitlementRule(["LT-06", "LT-04"], .exchange, requires: intact, window: w(o.exchangeWindow)),
                EntitlementRule(
                    ["LT-09", "LT-11", "LT-14"],
                    .repair,
                    requires: [.has(.functionalFault), .has(.hasInvoice, ["B-07"]), .has(.hasWarrantyCard, ["B-07"])],
                    window: w(o.sanbao),
                    handler: .manufacturerRepairCentre
                ),
                EntitlementRule(["LT-12"], .repair, requires: [.has(.softwareIssue), .lacks(.softwareModified, ["B-29"])], window: w(o.sanbao)),
            ],
            blocks: [
                BlockRule(["LT-01", "LT-08", "B-22"], goods, when: .not(.f(.functionalFault))),
                BlockRule(["LT-03", "B-23"], goods, when: .f(.warrantyCardActivated)),
                BlockRule(["LT-02", "B-18"], goods, when: .f(.acceptedAtDelivery)),
                BlockRule(["B-24"], goods + [.repair], when: .f(.excludedDamage)),
            ],
            timers: [
                TimerRule(
                    ["LT-07", "T-22"],
                    name: "test_report_documents",
                    trigger: .testReportIssued,
                    duration: .days(0),
                    onExpiry: .optionClosed,
                    resolutions: goods
                )
            ],
            notes: [NoteRule(["LT-13"], [.repair], text: LocalizedText("请自行备份数据，数据丢失不负责", "Back up your data; data loss is not covered"))],
            settings: [PolicySetting("window_anchor", "sale", source: "rules.md §8 item 21")]
        )
    }
}
