import Foundation
import IntakeService
import Models
import Testing

/// Registration's rules alone, without I/O (rules.md §2(a) A1).
@Suite struct CaseRegistrationRuleTests {
    static let today = LocalDate(iso: "2026-03-10")!

    func draft(
        orderNumber: String = "DD-1",
        quantity: Int = 1,
        purchaseDate: String = "2026-03-01",
        reason: String = "屏幕闪烁",
        productModel: String? = nil,
        merchantID: String = "0190e3a0-0000-7000-8000-0000000000c1"
    ) -> CaseRegistration.Draft {
        CaseRegistration.Draft(
            orderNumber: orderNumber,
            productName: "笔记本电脑",
            productModel: productModel,
            quantity: quantity,
            purchaseDate: purchaseDate,
            reason: reason,
            requestedResolution: .repair,
            merchantID: merchantID
        )
    }

    @Test func aCompleteReportIsRegisteredTrimmedAndWithABlankModelAbsent() throws {
        let registration = try CaseRegistration.validate(draft(orderNumber: "  DD-1 ", productModel: "  "), today: Self.today).get()
        #expect(registration.orderNumber == "DD-1")
        #expect(registration.productModel == nil)
        #expect(registration.purchaseDate == LocalDate(iso: "2026-03-01"))
    }

    /// Bought today is fine; bought tomorrow (in the tenant's calendar) is not.
    @Test func thePurchaseDateMayBeTodayButNotLater() {
        #expect((try? CaseRegistration.validate(draft(purchaseDate: "2026-03-10"), today: Self.today).get()) != nil)
        #expect(Self.fields(CaseRegistration.validate(draft(purchaseDate: "2026-03-11"), today: Self.today)) == ["purchaseDate"])
    }

    @Test func everyFieldAtFaultIsNamedAtOnce() {
        let refused = CaseRegistration.validate(
            draft(orderNumber: " ", quantity: 0, purchaseDate: "10/03/2026", reason: "", merchantID: "m-1"),
            today: Self.today
        )
        #expect(Self.fields(refused) == ["orderNumber", "quantity", "purchaseDate", "reason", "merchantId"])
    }

    @Test(arguments: [0, 10_000, -1])
    func quantitiesOutsideOneTo9999AreRefused(_ quantity: Int) {
        #expect(Self.fields(CaseRegistration.validate(draft(quantity: quantity), today: Self.today)) == ["quantity"])
    }

    static func fields(_ result: Result<CaseRegistration, ErrorBody>) -> Set<String> {
        guard case .failure(let error) = result else { return [] }
        return Set(error.details.map(\.field))
    }
}
