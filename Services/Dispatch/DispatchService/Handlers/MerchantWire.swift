import DispatchAPI
import Models
import ServiceKit

extension Components.Schemas.Merchant {
    /// A registered merchant as the contract shows it.
    init(_ merchant: Merchant) {
        self.init(
            merchantId: merchant.id.wire,
            name: merchant.registration.name,
            contacts: merchant.registration.contacts.map(Components.Schemas.MerchantContact.init),
            regions: merchant.registration.regions,
            status: merchant.status,
            createdAt: merchant.createdAt
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

extension MerchantRegistration.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: Components.Schemas.CreateMerchantRequest) {
        self.init(name: request.name, contacts: request.contacts.map(MerchantContact.init), regions: request.regions)
    }
}
