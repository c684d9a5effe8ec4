import ServiceKit

extension IntakeMigrations {
    /// The tenant's merchants (id, name, status, regions), kept from Dispatch's `merchant.*` events.
    static let createMerchantDirectory = MerchantDirectory.migration("0003_create_merchant_directory")
}
