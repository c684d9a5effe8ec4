import ServiceKit

extension NotificationsMigrations {
    /// The tenant's merchants, kept from Dispatch's `merchant.*` events: staff register endpoints for a
    /// merchant the tenant has.
    static let merchantDirectory = MerchantDirectory.migration("0004_merchant_directory")
}
