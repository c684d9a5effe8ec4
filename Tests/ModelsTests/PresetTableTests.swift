import Models
import Testing

/// Table tests: each row evaluates a case under a preset and asserts outcomes and the rule ids it checks.
@Suite struct PresetTableTests {
    @Test(arguments: PlatformScenarios.pinduoduo) func pinduoduo(_ row: Scenario) { row.check() }
    @Test(arguments: PlatformScenarios.taobao) func taobao(_ row: Scenario) { row.check() }
    @Test(arguments: PlatformScenarios.snackAndClothing) func snackAndClothing(_ row: Scenario) { row.check() }
    @Test(arguments: ShopScenarios.leather) func leatherGoods(_ row: Scenario) { row.check() }
    @Test(arguments: ShopScenarios.laptop) func laptopShop(_ row: Scenario) { row.check() }
    @Test(arguments: ShopScenarios.smartHome) func smartHome(_ row: Scenario) { row.check() }
    @Test(arguments: MallScenarios.all) func computerMall(_ row: Scenario) { row.check() }
    @Test(arguments: ThreeGuaranteesScenarios.departmentStore) func departmentStore(_ row: Scenario) { row.check() }
    @Test(arguments: ThreeGuaranteesScenarios.furniture) func furniture(_ row: Scenario) { row.check() }

    @Test func everyPresetIsValid() {
        for preset in PolicyPresets.all {
            #expect(preset.validate() == [], "\(preset.policyId)")
        }
    }

    @Test func pinduoduoSettingChangesTheValidity() {
        var options = PinduoduoOptions()
        options.afterSalesValidity = .days(30)
        let row = s(
            "30-day validity",
            PolicyPresets.pinduoduo(options),
            facts("fruit", groupBuy: "2026-01-20"),
            on: "2026-02-19",
            e(.refundOnly, .eligible, deadline: "2026-02-19")
        )
        row.check()
    }

    @Test func leatherSplitFreightSetting() {
        var options = LeatherGoodsOptions()
        options.nonQualityOutboundPayer = .seller
        let row = s(
            "split freight",
            PolicyPresets.leatherGoods(options),
            facts("bag", signed: "2026-03-02", .accessoriesComplete, .packagingIntact),
            on: "2026-03-03",
            e(.exchange, .eligible, ship: (.seller, .customer))
        )
        row.check()
    }

    @Test func resolvedRulesCarryWindowsTimersFeesAndShipping() {
        let decision = ShopScenarios.leather[0].evaluate()
        let rules = decision.resolvedRules
        #expect(rules.windows.contains { $0.resolution == .returnAndRefund && $0.closesOn == d("2026-10-14") })
        #expect(rules.timers.contains { $0.name == "return_shipment" && $0.duration == .hours(48) })
        #expect(rules.shipping.contains { $0.resolution == .returnAndRefund && $0.responsibility.returnLeg == .customer })
        let ds = ThreeGuaranteesScenarios.departmentStore[0].evaluate()
        #expect(ds.resolvedRules.fees.contains { $0.resolution == .exchange })
    }
}
