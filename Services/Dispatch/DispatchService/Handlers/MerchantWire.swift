import DispatchAPI
import Foundation
import Models
import ServiceKit

extension Components.Schemas.Merchant {
    /// A registered merchant as the contract shows it.
    init(_ merchant: Merchant) {
        let registration = merchant.registration
        self.init(
            merchantId: merchant.id.wire,
            name: registration.name,
            contacts: registration.contacts.map(Components.Schemas.MerchantContact.init),
            regions: registration.regions,
            categories: registration.categories,
            brands: registration.brands,
            responseDeadlines: registration.responseDeadlines,
            caseHandling: registration.caseHandling,
            status: merchant.status,
            suspensionReason: merchant.suspensionReason,
            version: Int64(merchant.version),
            createdAt: merchant.createdAt,
            updatedAt: merchant.updatedAt
        )
    }
}

extension Components.Schemas.MerchantContact {
    init(_ contact: MerchantContact) {
        self.init(name: contact.name, phone: contact.phone, imHandle: contact.imHandle)
    }
}

extension MerchantContact {
    init(_ wire: Components.Schemas.MerchantContact) {
        self.init(name: wire.name, phone: wire.phone, imHandle: wire.imHandle)
    }
}

/// A request that carries a merchant's whole profile: registration and update.
protocol MerchantProfileRequest {
    var name: String { get }
    var contacts: [Components.Schemas.MerchantContact] { get }
    var regions: [String] { get }
    var categories: [String]? { get }
    var brands: [String]? { get }
    var responseDeadlines: MerchantResponseDeadlines? { get }
    var caseHandling: CaseHandling? { get }
}

extension Components.Schemas.CreateMerchantRequest: MerchantProfileRequest {}
extension Components.Schemas.UpdateMerchantRequest: MerchantProfileRequest {}

extension MerchantRegistration.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: some MerchantProfileRequest) {
        self.init(
            name: request.name,
            contacts: request.contacts.map(MerchantContact.init),
            regions: request.regions,
            categories: request.categories ?? [],
            brands: request.brands ?? [],
            responseDeadlines: request.responseDeadlines ?? MerchantResponseDeadlines(),
            caseHandling: request.caseHandling ?? .online
        )
    }
}

extension Components.Schemas.MerchantApiKey {
    /// A key as its merchant and the tenant admin see it: never the secret.
    init(_ key: MerchantApiKey, now: Date) {
        let status: StatusPayload =
            switch key.status(at: now) {
            case .active: .active
            case .expired: .expired
            case .revoked: .revoked
            }
        self.init(
            apiKeyId: key.id.wire,
            merchantId: key.merchantID.wire,
            name: key.name,
            hint: key.hint,
            status: status,
            createdAt: key.createdAt,
            expiresAt: key.expiresAt,
            revokedAt: key.revokedAt,
            lastUsedAt: key.lastUsedAt
        )
    }
}
