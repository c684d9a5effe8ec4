import DispatchService
import Models
import Testing

/// The registration rules alone, without I/O.
@Suite struct MerchantRegistrationRuleTests {
    func draft(phone: String) -> MerchantRegistration.Draft {
        .init(name: "甲", contacts: [MerchantContact(name: "王", phone: phone, imHandle: nil)], regions: ["华东"])
    }

    @Test(arguments: ["13800138000", "+86 138 0013 8000", "010-12345678", "12345"])
    func phoneNumbersAsPeopleWriteThem(_ phone: String) throws {
        #expect(try MerchantRegistration.validate(draft(phone: phone)).get().contacts[0].phone == phone)
    }

    @Test(arguments: ["1234", "138001380001380013800", "13800x38000", "++8613800138000", "", "+"])
    func phoneNumbersThatCannotBeDialled(_ phone: String) {
        guard case .failure(let error) = MerchantRegistration.validate(draft(phone: phone)) else {
            Issue.record("\(phone) was accepted")
            return
        }
        #expect(error.details.map(\.field) == ["contacts[0].phone"])
    }

    @Test func atMostTenContactsAndFiftyRegions() {
        let contact = MerchantContact(name: "王", phone: "13800138000", imHandle: nil)
        let many = MerchantRegistration.Draft(
            name: "甲",
            contacts: Array(repeating: contact, count: 11),
            regions: (0..<51).map { "区\($0)" }
        )
        guard case .failure(let error) = MerchantRegistration.validate(many) else {
            Issue.record("accepted")
            return
        }
        #expect(Set(error.details.map(\.field)) == ["contacts", "regions"])
    }
}
