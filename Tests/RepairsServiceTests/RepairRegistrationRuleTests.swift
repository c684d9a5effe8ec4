import Models
import RepairsService
import Testing

/// A device registered on receipt, without I/O (rules.md §2(e)).
@Suite struct RepairRegistrationRuleTests {
    func draft(caseID: String? = nil, items: [String] = [], fault: String = "不开机") -> RepairRegistration.Draft {
        RepairRegistration.Draft(
            caseID: caseID,
            device: Device(productName: " 扫地机器人 ", model: "", serialNumber: nil),
            reportedFault: fault,
            accompanyingItems: items
        )
    }

    /// 随车物品 are kept as listed, once each, blanks refused; a blank model counts as absent.
    @Test func accompanyingItemsAreTrimmedAndDeduplicated() throws {
        let registration = try RepairRegistration.validate(draft(items: ["充电座", " 充电座 ", "遥控器"])).get()
        #expect(registration.accompanyingItems == ["充电座", "遥控器"])
        #expect(registration.device.productName == "扫地机器人")
        #expect(registration.device.model == nil)
        #expect(registration.caseID == nil, "a walk-in device has no case")
    }

    @Test func aBlankItemAFaultlessReportAndABadCaseAreNamed() {
        let refused = RepairRegistration.validate(draft(caseID: "case-1", items: ["充电座", " "], fault: ""))
        guard case .failure(let error) = refused else {
            Issue.record("accepted")
            return
        }
        #expect(Set(error.details.map(\.field)) == ["caseId", "accompanyingItems[1]", "reportedFault"])
    }

    @Test func atMostThirtyAccompanyingItems() {
        guard case .failure(let error) = RepairRegistration.validate(draft(items: (0...30).map { "件\($0)" })) else {
            Issue.record("accepted")
            return
        }
        #expect(error.details.map(\.field) == ["accompanyingItems"])
    }
}
