import ServiceKit

extension ReturnsMigrations {
    /// The tenant's merchants, kept from Dispatch's `merchant.*` events: a request's merchant is checked
    /// against it.
    static let merchantDirectory = MerchantDirectory.migration("0004_merchant_directory")
}
