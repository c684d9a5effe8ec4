/// Options of the computer-mall preset (rules.md §3.4).
public struct ComputerMallOptions: Sendable, Hashable {
    /// rules.md §8 item 13 / T-23: the mall never says when its windows start; default: the sale date.
    public var windowAnchor: DateAnchor = .sale
    /// Warranty length for "in warranty" (CM-09, CM-24, CM-25 …); the seed gives none (gap).
    public var warranty: Period = .months(12)
    /// Hard-disk warranty after the 1-year replacement (CM-13); the seed gives none (gap).
    public var hardDiskWarranty: Period = .months(36)
    /// rules.md §8 item 20: the 7-day monitor brand list ends with "etc."; extend it here.
    public var sevenDayMonitorBrands = ["Acer", "宏基", "Samsung", "三星"]

    public init() {}
}

extension PolicyPresets {
    static let boards = ["motherboard", "graphics_card"]
    static let cpuRam = ["cpu", "ram"]
    static let storageCards = ["usb_drive", "memory_card"]
    static let peripherals = ["keyboard", "mouse", "headphones", "speakers"]

    /// Computer mall: warranty and exchange per product category and brand (rules.md §3.4).
    public static func computerMall(_ o: ComputerMallOptions = ComputerMallOptions()) -> PolicyDocument {
        let a = o.windowAnchor
        let label = Requirement.has(.hasWarrantyLabel, ["CM-06"])
        let boardBrands = ["ASUS", "华硕", "Gigabyte", "技嘉"]
        let noInstallUnlessQuality = Requirement(.not(.allOf([.f(.installationTrace), .not(.f(.qualityIssue))])), ["B-04"])
        func w(_ closes: Period, _ ids: [String] = ["T-23", "B-09"], opens: Period? = nil) -> Window {
            Window(from: a, opensAfter: opens, closesAfter: closes, ruleIds: ids)
        }
        let inWarranty = w(o.warranty, ["B-09"])
        return PolicyDocument(
            policyId: "computer_mall",
            family: .computerMall,
            name: LocalizedText("电脑商城售后", "Computer mall"),
            entitlements: [
                EntitlementRule(
                    ["CM-01"],
                    .replaceNew,
                    match: ProductMatch(categories: boards, brands: boardBrands),
                    requires: [label],
                    window: w(.days(7))
                ),
                EntitlementRule(
                    ["CM-02"],
                    .replaceNew,
                    match: ProductMatch(categories: boards, excludedBrands: boardBrands),
                    requires: [label],
                    window: w(.months(1))
                ),
                EntitlementRule(["CM-09"], .replaceNew, match: ProductMatch(categories: cpuRam), requires: [label], window: inWarranty),
                EntitlementRule(["CM-12"], .replaceNew, match: ProductMatch(categories: ["hard_disk"]), requires: [label], window: w(.months(12))),
                EntitlementRule(
                    ["CM-15"],
                    .replaceNew,
                    match: ProductMatch(categories: ["monitor"], brands: o.sevenDayMonitorBrands),
                    window: w(.days(7))
                ),
                EntitlementRule(
                    ["CM-17"],
                    .replaceNew,
                    match: ProductMatch(categories: ["monitor"], excludedBrands: o.sevenDayMonitorBrands),
                    window: w(.months(1))
                ),
                EntitlementRule(
                    ["CM-19"],
                    .replaceNew,
                    match: ProductMatch(categories: ["complete_pc"]),
                    requires: [
                        .has(.deadOnArrival), .lacks(.hasRepairRecord, ["B-16"]), Requirement(.complete, ["B-03"]),
                        .lacks(.physicalDamage, ["B-01"]), .lacks(.humanDamage, ["B-02"]),
                    ]
                ),
                EntitlementRule(["CM-24"], .replaceNew, match: ProductMatch(categories: storageCards), requires: [label], window: inWarranty),
                EntitlementRule(["CM-25"], .replaceNew, match: ProductMatch(categories: peripherals), requires: [label], window: inWarranty),
                EntitlementRule(
                    ["CM-07"],
                    .returnAndRefund,
                    match: ProductMatch(categories: boards),
                    requires: [noInstallUnlessQuality],
                    window: w(.days(7))
                ),
                EntitlementRule(
                    ["CM-18"],
                    .returnAndRefund,
                    match: ProductMatch(categories: ["monitor"]),
                    requires: [.lacks(.physicalDamage, ["B-01"])],
                    window: w(.days(7))
                ),
                EntitlementRule(
                    ["CM-22"],
                    .returnAndRefund,
                    match: ProductMatch(categories: ["complete_pc"]),
                    requires: [noInstallUnlessQuality],
                    window: w(.days(7))
                ),
                EntitlementRule(
                    ["CM-05"],
                    .goodUnitSwap,
                    match: ProductMatch(categories: boards),
                    window: inWarranty,
                    outcome: .negotiate,
                    follows: .replaceNew
                ),
                EntitlementRule(["CM-05", "CM-17"], .repair, match: ProductMatch(categories: boards + ["monitor"]), window: inWarranty),
                EntitlementRule(
                    ["CM-20"],
                    .repair,
                    match: ProductMatch(categories: ["complete_pc"]),
                    window: inWarranty,
                    handler: .manufacturerRepairCentre
                ),
                EntitlementRule(
                    ["CM-06", "CM-10", "CM-24"],
                    .factoryWarranty,
                    requires: [.has(.noMerchantFound)],
                    window: inWarranty,
                    handler: .manufacturerRepairCentre
                ),
                EntitlementRule(
                    ["CM-13"],
                    .factoryWarranty,
                    match: ProductMatch(categories: ["hard_disk"]),
                    requires: [label],
                    window: w(o.hardDiskWarranty, ["T-23", "B-09"], opens: .months(12)),
                    handler: .manufacturerRepairCentre
                ),
            ],
            blocks: [
                BlockRule(["CM-21", "B-17"], Resolution.allCases, when: .f(.consumable)),
                BlockRule(["CM-21", "B-17"], Resolution.allCases, match: ProductMatch(categories: ["consumable"])),
                BlockRule(["CM-04", "B-01"], [.replaceNew], match: ProductMatch(categories: boards), when: .f(.physicalDamage)),
                BlockRule(
                    ["CM-03", "B-14"],
                    [.replaceNew],
                    match: ProductMatch(categories: boards, brands: ["Onda", "昂达"]),
                    when: .allOf([.f(.barcodeMismatch), .anchorOnOrAfter(a, LocalDate(year: 2012, month: 9, day: 1)!)])
                ),
                BlockRule(
                    ["CM-16", "B-15"],
                    [.replaceNew, .returnAndRefund],
                    match: ProductMatch(categories: ["monitor"], brands: ["易海通达"], models: ["新境界"])
                ),
                BlockRule(["CM-14", "B-01"], [.replaceNew], match: ProductMatch(categories: ["hard_disk"]), when: .f(.physicalDamage)),
                BlockRule(
                    ["CM-14", "B-01"],
                    [.factoryWarranty],
                    match: ProductMatch(categories: ["hard_disk"]),
                    when: .f(.physicalDamage),
                    effect: .warn
                ),
                BlockRule(
                    ["CM-24", "B-01"],
                    [.replaceNew, .factoryWarranty],
                    match: ProductMatch(categories: storageCards),
                    when: .f(.physicalDamage)
                ),
                BlockRule(
                    ["CM-08", "B-01"],
                    [.repair, .goodUnitSwap],
                    match: ProductMatch(categories: boards),
                    when: .f(.physicalDamage),
                    effect: .chargeFee
                ),
                BlockRule(["CM-08", "B-03"], [.returnAndRefund], match: ProductMatch(categories: boards), when: .not(.complete), effect: .chargeFee),
                BlockRule(["CM-11", "B-01"], [.replaceNew], match: ProductMatch(categories: cpuRam), when: .f(.physicalDamage), effect: .chargeFee),
                BlockRule(
                    ["CM-18", "B-03"],
                    [.returnAndRefund],
                    match: ProductMatch(categories: ["monitor"]),
                    when: .not(.complete),
                    effect: .chargeFee
                ),
                BlockRule(
                    ["CM-23", "B-02"],
                    [.repair],
                    match: ProductMatch(categories: ["complete_pc"]),
                    when: .f(.humanDamage),
                    effect: .chargeFee
                ),
                BlockRule(
                    ["CM-23", "B-03"],
                    [.returnAndRefund],
                    match: ProductMatch(categories: ["complete_pc"]),
                    when: .anyOf([.not(.complete), .f(.physicalDamage)]),
                    effect: .chargeFee
                ),
            ],
            timers: [
                TimerRule(
                    ["CM-26", "T-39"],
                    name: "dead_on_arrival_return",
                    trigger: .deadOnArrivalRecorded,
                    duration: .days(0),
                    onExpiry: .alertSupervisor,
                    resolutions: [.replaceNew],
                    when: .f(.deadOnArrival)
                )
            ],
            settings: [
                PolicySetting("window_anchor", a.rawValue, source: "rules.md §8 item 13, T-23"),
                PolicySetting("warranty_months", String(o.warranty.value), source: "gap: no warranty length in [000]"),
                PolicySetting("hard_disk_warranty_months", String(o.hardDiskWarranty.value), source: "gap: CM-13 gives no length"),
                PolicySetting("seven_day_monitor_brands", o.sevenDayMonitorBrands.joined(separator: ","), source: "rules.md §8 item 20"),
                PolicySetting("fee_amounts", "to_be_quoted", source: "rules.md §8 item 18"),
            ]
        )
    }
}
