/// Options of the department-store 三包 preset for shoes and clothing (rules.md §3.5).
public struct DepartmentStoreOptions: Sendable, Hashable {
    /// rules.md §8 item 14: whether the sale day counts as a depreciation day. Default: no (day 1 is the
    /// day after the sale, as in rules.md §0); the end point is the request date.
    public var depreciationCounting: DayCountingRule = .dayAfterEvent
    public var exchangeRatePerDay: BasisPoints = 30
    public var returnRatePerDay: BasisPoints = 50
    /// rules.md §8 item 17: case E's 3 days are read as "reported within 3 days of the sale".
    public var caseEWindow: Period = .days(3)
    public var caseEPrice: Money = .cny(210)
    /// DS-03/DS-04 C: a glue opening up to 5 cm (inclusive) is repaired, a longer one exchanged.
    public var glueGapLimitMillimetres = 50

    public init() {}
}

extension PolicyPresets {
    /// Shoe categories and their 三包 periods from the sale (DS-02).
    static let shoePeriods: [(String, Int)] = [("shoes_leather", 3), ("shoes_sport", 2), ("shoes_cloth", 1)]
    /// Clothing categories and their periods (DS-09 "3 months / 2 months"; reading: suits and fur 3 months,
    /// sheepskin/synthetic leather, jackets and Zhongshan suits 2 months — the seed pairs them loosely).
    static let clothingPeriods: [(String, Int)] = [
        ("clothing_suit", 3), ("clothing_fur", 3), ("clothing_sheepskin", 2), ("clothing_jacket", 2), ("clothing_zhongshan", 2),
    ]
    static let otherClothing = ["clothing"]

    /// Department-store 三包 for shoes and clothing (rules.md §3.5, timers T-13…T-18).
    public static func departmentStore(_ o: DepartmentStoreOptions = DepartmentStoreOptions()) -> PolicyDocument {
        let exchangeFee = FeeRule.depreciation(
            ruleIds: ["DS-06", "T-18"],
            ratePerDay: o.exchangeRatePerDay,
            anchor: .sale,
            counting: o.depreciationCounting
        )
        let returnFee = FeeRule.depreciation(
            ruleIds: ["DS-07", "T-18"],
            ratePerDay: o.returnRatePerDay,
            anchor: .sale,
            counting: o.depreciationCounting
        )
        let furExchangeFee = FeeRule.depreciation(
            ruleIds: ["DS-12", "T-18"],
            ratePerDay: o.exchangeRatePerDay,
            anchor: .sale,
            counting: o.depreciationCounting
        )
        let furReturnFee = FeeRule.depreciation(
            ruleIds: ["DS-12", "T-18"],
            ratePerDay: o.returnRatePerDay,
            anchor: .sale,
            counting: o.depreciationCounting
        )
        var rules: [EntitlementRule] = []
        for (category, months) in shoePeriods {
            let m = ProductMatch(categories: [category])
            let period = Window(from: .sale, closesAfter: .months(months), ruleIds: ["DS-02", "T-13", "B-09"])
            let exempt = Requirement(.anyOf([.f(.pairSizeMismatch), .f(.sameFootPair), .f(.noManufacturerInfo)]))
            let aToD = Requirement(
                .anyOf([
                    .f(.soleBroken), .f(.upperBroken), .measurementAbove(.glueGapMillimetres, o.glueGapLimitMillimetres),
                    .allOf([.f(.qualityIssue), .repairsAtLeast(1)]),
                ])
            )
            let caseE = [Requirement(.priceAbove(o.caseEPrice)), .has(.qualityIssue), Requirement(.within(.sale, o.caseEWindow), ["T-16"])]
            rules += [
                EntitlementRule(
                    ["DS-04", "DS-08"],
                    .returnAndRefund,
                    match: m,
                    requires: [.has(.counterfeit)],
                    window: period,
                    payout: .multipleOfPrice(2)
                ),
                EntitlementRule(["DS-04", "DS-05"], .exchange, match: m, requires: [exempt], window: period),
                EntitlementRule(["DS-04", "DS-05"], .returnAndRefund, match: m, requires: [exempt], window: period),
                EntitlementRule(["DS-04"], .exchange, match: m, requires: [aToD], window: period, fees: [exchangeFee]),
                EntitlementRule(["DS-04"], .returnAndRefund, match: m, requires: [aToD], window: period, fees: [returnFee]),
                EntitlementRule(["DS-04", "T-16"], .exchange, match: m, requires: caseE, window: period, fees: [exchangeFee]),
                EntitlementRule(["DS-04", "T-16"], .returnAndRefund, match: m, requires: caseE, window: period, fees: [returnFee]),
                EntitlementRule(
                    ["DS-03"],
                    .repair,
                    match: m,
                    requires: [Requirement(.anyOf([.f(.repairableDefect), .measurementAtMost(.glueGapMillimetres, o.glueGapLimitMillimetres)]))],
                    window: period
                ),
            ]
        }
        for (category, months) in clothingPeriods {
            let m = ProductMatch(categories: [category])
            let period = Window(from: .sale, closesAfter: .months(months), ruleIds: ["DS-09", "T-14", "B-09"])
            let isFur = category == "clothing_fur" || category == "clothing_sheepskin"
            if isFur {
                rules += [
                    EntitlementRule(["DS-12"], .exchange, match: m, requires: [.has(.seriousDefect)], window: period, fees: [furExchangeFee]),
                    EntitlementRule(["DS-12"], .returnAndRefund, match: m, requires: [.has(.seriousDefect)], window: period, fees: [furReturnFee]),
                    EntitlementRule(["DS-11"], .repair, match: m, requires: [.has(.repairableDefect)], window: period),
                ]
            } else {
                let again = Requirement(.allOf([.f(.repairableDefect), .repairsAtLeast(1)]))
                rules += [
                    EntitlementRule(["DS-10"], .exchange, match: m, requires: [again], window: period),
                    EntitlementRule(["DS-10"], .returnAndRefund, match: m, requires: [again], window: period),
                    EntitlementRule(["DS-10"], .repair, match: m, requires: [.has(.repairableDefect)], window: period),
                ]
            }
        }
        let allClothing = clothingPeriods.map(\.0) + otherClothing
        let clothes = ProductMatch(categories: allClothing)
        let unworn = Requirement.lacks(.notResaleable, ["B-05"])
        for (ids, days, extra) in [(["DS-13", "T-17"], 3, [Requirement]()), (["DS-13", "T-17"], 10, [Requirement.has(.outOfTown)])] {
            let window = Window(from: .sale, closesAfter: .days(days), ruleIds: [])
            rules.append(EntitlementRule(ids, .exchange, match: clothes, requires: [.lacks(.qualityIssue), unworn] + extra, window: window))
            rules.append(
                EntitlementRule(
                    ids,
                    .returnAndRefund,
                    match: clothes,
                    requires: [.lacks(.qualityIssue), unworn, .has(.noSameModelAvailable)] + extra,
                    window: window
                )
            )
        }
        let nonQuality = [Requirement.lacks(.qualityIssue)]
        rules.append(EntitlementRule(["DS-14", "B-25"], .exchange, requires: nonQuality, outcome: .negotiate))
        rules.append(EntitlementRule(["DS-14", "B-25"], .returnAndRefund, requires: nonQuality, outcome: .negotiate))
        let sanbao: [Resolution] = [.exchange, .returnAndRefund, .repair]
        let realQuality = Condition.not(.f(.qualityIssue))
        return PolicyDocument(
            policyId: "department_store",
            family: .departmentStore,
            name: LocalizedText("商场鞋类服装三包", "Department-store 三包, shoes and clothing"),
            entitlements: rules,
            blocks: [
                BlockRule(["DS-01", "DS-15", "B-06"], sanbao, when: .anyOf([.not(.f(.hasThreeGuaranteesCard)), .not(.f(.hasInvoice))])),
                BlockRule(["DS-16", "B-02"], sanbao, when: .f(.humanDamage)),
                BlockRule(["DS-16", "B-08"], sanbao, when: .f(.voucherMismatch)),
                BlockRule(["DS-16", "B-10"], sanbao, when: .f(.clearanceItem)),
                BlockRule(["DS-16", "B-05"], sanbao, when: .allOf([.f(.notResaleable), realQuality])),
                BlockRule(["DS-16", "B-11"], [.exchange, .returnAndRefund], when: .allOf([.f(.photosensitive), realQuality])),
                BlockRule(["DS-16", "B-12"], [.exchange, .returnAndRefund], when: .allOf([.f(.intimateGoods), realQuality])),
                BlockRule(
                    ["DS-16", "B-13"],
                    [.exchange, .returnAndRefund],
                    when: .allOf([.f(.cosmetics), .not(.f(.spoiledConfirmedByAppraisal))])
                ),
            ],
            timers: [
                TimerRule(
                    ["DS-03", "T-15"],
                    name: "shoe_repair",
                    trigger: .repairAccepted,
                    duration: .days(7),
                    onExpiry: .alertSupervisor,
                    resolutions: [.repair],
                    when: .f(.repairableDefect)
                )
            ],
            notes: [
                NoteRule(
                    ["DS-08"],
                    [.returnAndRefund],
                    when: .f(.counterfeit),
                    text: LocalizedText("先退两倍价款，再交有关部门处理", "Twice the price is refunded first; then the case goes to the authorities"),
                    kind: .referral
                )
            ],
            settings: [
                PolicySetting("depreciation_counting", o.depreciationCounting.rawValue, source: "rules.md §8 item 14"),
                PolicySetting("depreciation_end_point", "request_date", source: "rules.md §8 item 14"),
                PolicySetting("case_e_window", "reported_within_\(o.caseEWindow.value)_days_of_sale", source: "rules.md §8 item 17"),
                PolicySetting("out_of_town", "customer_declared_flag", source: "rules.md §8 item 17"),
                PolicySetting("clothing_periods", "suit,fur=3m; sheepskin,jacket,zhongshan=2m", source: "DS-09 reading"),
            ]
        )
    }
}
