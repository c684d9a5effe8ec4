import ServiceKit

extension RepairsMigrations {
    /// The tenant's merchants, kept from Dispatch's `merchant.*` events: the merchant an order is addressed to
    /// is checked against it.
    static let merchantDirectory = MerchantDirectory.migration("0005_merchant_directory")
}
