public import Foundation
public import Models

/// A merchant as the tenant registers it, checked. Pure: every rule is tested without a database.
public struct MerchantRegistration: Sendable, Equatable {
    public var name: String
    public var contacts: [MerchantContact]
    public var regions: [String]

    /// The request's fields as received.
    public struct Draft: Sendable {
        public var name: String
        public var contacts: [MerchantContact]
        public var regions: [String]

        public init(name: String, contacts: [MerchantContact], regions: [String]) {
            self.name = name
            self.contacts = contacts
            self.regions = regions
        }
    }

    /// - Returns: the registration, or every field at fault.
    public static func validate(_ draft: Draft) -> Result<MerchantRegistration, ErrorBody> {
        var checks = FieldChecks()
        let name = checks.text(draft.name, "name", max: 100)
        if !(1...10).contains(draft.contacts.count) { checks.fail("contacts", "must have from 1 to 10 entries") }
        let contacts = draft.contacts.enumerated().map { index, contact in
            MerchantContact(
                name: checks.text(contact.name, "contacts[\(index)].name", max: 50),
                phone: phone(contact.phone, "contacts[\(index)].phone", &checks),
                imHandle: checks.optionalText(contact.imHandle, "contacts[\(index)].imHandle", max: 50)
            )
        }
        let regions = checks.texts(draft.regions, "regions", count: 1...50, max: 50)
        if let error = checks.error { return .failure(error) }
        return .success(MerchantRegistration(name: name, contacts: contacts, regions: regions))
    }

    /// A phone number kept as written (trimmed): digits, an optional leading `+`, spaces and dashes.
    static func phone(_ value: String, _ field: String, _ checks: inout FieldChecks) -> String {
        let trimmed = value.trimmed
        let body = trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
        let digits = body.filter { $0.isASCII && $0.isNumber }.count
        let allowed = body.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == " " || $0 == "-" }
        if !allowed || !(5...20).contains(digits) {
            checks.fail(field, "must be 5–20 digits, optionally with a leading +, spaces and dashes")
        }
        return trimmed
    }
}

/// Someone to reach at a merchant.
public struct MerchantContact: Sendable, Equatable, Codable {
    public var name: String
    public var phone: String
    public var imHandle: String?

    public init(name: String, phone: String, imHandle: String?) {
        self.name = name
        self.phone = phone
        self.imHandle = imHandle
    }
}

/// A registered merchant.
public struct Merchant: Sendable, Equatable {
    public var id: UUID
    public var status: MerchantStatus
    public var registration: MerchantRegistration
    public var createdAt: Date
}
