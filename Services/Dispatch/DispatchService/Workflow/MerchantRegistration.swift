public import Foundation
public import Models

/// A merchant's profile as the tenant registers or updates it, checked: who to reach, the regions it serves
/// (regional dispatch batches), the categories and brands it handles, and its own response deadlines where
/// they differ from the tenant's. Pure: every rule is tested without a database.
public struct MerchantRegistration: Sendable, Equatable {
    public var name: String
    public var contacts: [MerchantContact]
    public var regions: [String]
    public var categories: [String] = []
    public var brands: [String] = []
    public var responseDeadlines = MerchantResponseDeadlines()
    /// Online, or carried in the morning run (when its response clock starts).
    public var caseHandling = CaseHandling.online

    /// The request's fields as received.
    public struct Draft: Sendable {
        public var name: String
        public var contacts: [MerchantContact]
        public var regions: [String]
        public var categories: [String]
        public var brands: [String]
        public var responseDeadlines: MerchantResponseDeadlines
        public var caseHandling: CaseHandling

        public init(
            name: String,
            contacts: [MerchantContact],
            regions: [String],
            categories: [String] = [],
            brands: [String] = [],
            responseDeadlines: MerchantResponseDeadlines = MerchantResponseDeadlines(),
            caseHandling: CaseHandling = .online
        ) {
            self.name = name
            self.contacts = contacts
            self.regions = regions
            self.categories = categories
            self.brands = brands
            self.responseDeadlines = responseDeadlines
            self.caseHandling = caseHandling
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
        let categories = checks.texts(draft.categories, "categories", count: 0...50, max: 50)
        let brands = checks.texts(draft.brands, "brands", count: 0...100, max: 50)
        for (field, hours) in draft.responseDeadlines.named {
            if let hours, !MerchantResponseDeadlines.hours.contains(hours) {
                checks.fail("responseDeadlines.\(field)", "must be from 1 to \(MerchantResponseDeadlines.hours.upperBound) hours")
            }
        }
        if let error = checks.error { return .failure(error) }
        return .success(
            MerchantRegistration(
                name: name,
                contacts: contacts,
                regions: regions,
                categories: categories,
                brands: brands,
                responseDeadlines: draft.responseDeadlines,
                caseHandling: draft.caseHandling
            )
        )
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

/// A registered merchant. `version` is 1 at registration and grows by one at every change (profile,
/// suspension, reinstatement): the registry's events carry it, and an update may name the version it read.
public struct Merchant: Sendable, Equatable {
    public var id: UUID
    public var status: MerchantStatus
    public var registration: MerchantRegistration
    public var createdAt: Date
    public var version: Int = 1
    public var updatedAt: Date? = nil
    /// Why the merchant is suspended (nil when active).
    public var suspensionReason: String? = nil

    public init(id: UUID, status: MerchantStatus, registration: MerchantRegistration, createdAt: Date) {
        self.id = id
        self.status = status
        self.registration = registration
        self.createdAt = createdAt
    }

    /// What the registry's events say about it.
    public var summary: MerchantSummary {
        MerchantSummary(merchantID: id, merchantVersion: version, name: registration.name, status: status, regions: registration.regions)
    }

    /// The profile replaced by `registration`.
    public mutating func update(_ registration: MerchantRegistration, at now: Date) {
        self.registration = registration
        version += 1
        updatedAt = now
    }

    /// Suspends the merchant: it receives no new case and its API keys mint no token.
    /// - Throws: failed_precondition when it is suspended already.
    public mutating func suspend(reason: String, at now: Date) throws(ErrorBody) {
        guard status == .active else { throw ErrorBody(code: .failedPrecondition, message: "the merchant is suspended already") }
        status = .suspended
        suspensionReason = reason
        version += 1
        updatedAt = now
    }

    /// Reinstates a suspended merchant.
    /// - Throws: failed_precondition when it is active.
    public mutating func reinstate(at now: Date) throws(ErrorBody) {
        guard status == .suspended else { throw ErrorBody(code: .failedPrecondition, message: "the merchant is not suspended") }
        status = .active
        suspensionReason = nil
        version += 1
        updatedAt = now
    }
}
